/**
 * The AudioSocket wire protocol: a 3-byte header (kind, 16-bit big-endian length) and a payload.
 * See {@code shared/AUDIOSOCKET.md} and Asterisk's {@code include/asterisk/res_audiosocket.h}.
 * {@link io.ramal.gateway.codec.AudioSocketDecoder} and
 * {@link io.ramal.gateway.codec.AudioSocketEncoder} are the codec;
 * {@link io.ramal.gateway.codec.AudioSocketKind} carries the wire values and
 * {@link io.ramal.gateway.codec.AudioSocketHeader} the header's layout, for every writer and reader.
 */
package io.ramal.gateway.codec;
