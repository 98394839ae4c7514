/**
 * Audio for the gateway, with no network and no dependencies: the slin formats AudioSocket
 * carries ({@link io.ramal.audio.AudioFormat}), the playout buffer that turns bursts into one
 * 20 ms frame per tick ({@link io.ramal.audio.PlayoutBuffer}), G.711 mu-law and A-law
 * ({@link io.ramal.audio.G711}, ITU-T G.711, bit-exact with the G.191 reference), a band-limited
 * resampler between any two rates ({@link io.ramal.audio.Resampler}), 16-bit mono WAV files
 * ({@link io.ramal.audio.Wav}), tones ({@link io.ramal.audio.Tone}) and an energy voice activity
 * detector ({@link io.ramal.audio.EnergyDetector}).
 *
 * <p>Per-frame operations write into arrays the caller owns and allocate nothing; stateful
 * objects (buffer, resampler, tone generator, detector) are not thread-safe and belong to one
 * call's event loop. Linear audio is always signed 16-bit little-endian mono.
 */
package io.ramal.audio;
