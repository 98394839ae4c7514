package io.ramal.gateway.relay;

/**
 * Which side of a queue a relayed leg is: a caller waiting for an attendant, or an attendant's own
 * call. Carries its byte in the {@link RelayHeader}; {@link #valueOf(byte)} rejects any other.
 */
public enum RelayRole {
    CALLER(0),
    ATTENDANT(1);

    private final byte wire;

    RelayRole(int wire) {
        this.wire = (byte) wire;
    }

    /** The byte in the header. */
    public byte byteValue() {
        return wire;
    }

    /**
     * The role of a header byte.
     *
     * @throws IllegalArgumentException for a byte that is no role
     */
    public static RelayRole valueOf(byte b) {
        for (RelayRole r : values()) {
            if (r.wire == b) {
                return r;
            }
        }
        throw new IllegalArgumentException(String.format("unknown role 0x%02x", b & 0xff));
    }

    /** The name in logs: {@code caller}, {@code attendant}. */
    public String label() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
