package io.ramal.gateway.codec;

import io.ramal.audio.AudioFormat;

/**
 * The message kinds of the AudioSocket protocol with their wire byte, and for the audio kinds
 * the slin format they carry. This enum is the one place that maps kinds to sample rates
 * (Asterisk's {@code res_audiosocket.h} is the authority: {@code 0x12} is 16 kHz).
 */
public enum AudioSocketKind {
    /** Gateway to Asterisk: end the call. Empty payload. */
    HANGUP(0x00, null),
    /** Asterisk to gateway, first: the call's UUID, 16 bytes. */
    ID(0x01, null),
    /** Asterisk to gateway: one ASCII digit, sent when the digit ends. */
    DTMF(0x03, null),
    AUDIO_8K(0x10, AudioFormat.SLIN_8K),
    AUDIO_12K(0x11, AudioFormat.SLIN_12K),
    AUDIO_16K(0x12, AudioFormat.SLIN_16K),
    AUDIO_24K(0x13, AudioFormat.SLIN_24K),
    AUDIO_32K(0x14, AudioFormat.SLIN_32K),
    AUDIO_44K(0x15, AudioFormat.SLIN_44K),
    AUDIO_48K(0x16, AudioFormat.SLIN_48K),
    AUDIO_96K(0x17, AudioFormat.SLIN_96K),
    AUDIO_192K(0x18, AudioFormat.SLIN_192K),
    /**
     * Ramal's own, between gateway nodes only: the header a node sends after the id frame when it
     * relays a call to the node that owns the call's queue (its payload is laid out and
     * authenticated by {@code io.ramal.gateway.relay.RelayHeader}). {@code 0xf0} because no
     * AudioSocket speaker uses it or is likely to: upstream Asterisk sends {@code 0x00}-{@code 0x03},
     * {@code 0x10}-{@code 0x18} and {@code 0xff}, the early forks used {@code 0x02} (silence, DTMF),
     * and new audio rates grow upward from {@code 0x19}; the top block next to error is free. Only
     * the relay port accepts it: on an extension's listener it is a protocol error like any
     * stranger, and a gateway never sends it to Asterisk.
     */
    RELAY_HEADER(0xf0, null),
    /**
     * Ramal's own, on a relay connection from the owner back to the relaying node: the relayed caller
     * was answered (24 bytes: the epoch millisecond, then the attendant's call id), so that the call's
     * record, written where Asterisk's call is, has its answer. Next to {@link #RELAY_HEADER} for the
     * same reasons; a protocol error anywhere else.
     */
    RELAY_ANSWERED(0xf1, null),
    /** Defined, unused upstream: a bit-packed error code. Decoded, logged, and the call ends. */
    ERROR(0xff, null);

    private static final AudioSocketKind[] BY_BYTE = new AudioSocketKind[256];
    private static final AudioSocketKind[] BY_FORMAT = new AudioSocketKind[AudioFormat.values().length];

    static {
        for (AudioSocketKind k : values()) {
            BY_BYTE[k.wire & 0xff] = k;
            if (k.format != null) {
                BY_FORMAT[k.format.ordinal()] = k;
            }
        }
    }

    private final byte wire;
    private final AudioFormat format;

    AudioSocketKind(int wire, AudioFormat format) {
        this.wire = (byte) wire;
        this.format = format;
    }

    /** The byte on the wire. */
    public byte byteValue() {
        return wire;
    }

    /** True for the slin audio kinds {@code 0x10}..{@code 0x18}. */
    public boolean isAudio() {
        return format != null;
    }

    /** The slin format of an audio kind; null for the others. */
    public AudioFormat format() {
        return format;
    }

    /**
     * The kind of a wire byte.
     *
     * @throws AudioSocketException for a byte that is no AudioSocket kind
     */
    public static AudioSocketKind valueOf(byte b) {
        AudioSocketKind k = BY_BYTE[b & 0xff];
        if (k == null) {
            throw new AudioSocketException(String.format("unknown kind 0x%02x", b & 0xff));
        }
        return k;
    }

    /**
     * The kind of a wire byte (its low 8 bits), or null for a byte that is no kind: for readers
     * that count a stranger rather than fail on it. Allocates nothing.
     */
    public static AudioSocketKind find(int b) {
        return BY_BYTE[b & 0xff];
    }

    /** The audio kind that carries {@code format}. */
    public static AudioSocketKind of(AudioFormat format) {
        return BY_FORMAT[format.ordinal()];
    }
}
