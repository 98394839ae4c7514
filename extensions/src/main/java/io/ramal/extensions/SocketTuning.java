package io.ramal.extensions;

/**
 * Socket options of one listener and of the calls it accepts. The defaults are the values the
 * old Python gateway settled on (backlog 100, reuse address, 1 MiB receive buffer) plus
 * TCP_NODELAY, write-buffer watermarks and a 64 KiB send buffer, so that a slow Asterisk, or a
 * peer that never reads, never makes us queue audio without bound (the OS default send buffer
 * grows to megabytes per socket). A zero buffer size means "leave the operating system's default".
 *
 * @param backlog         accept queue length, 1..65535
 * @param reuseAddress    SO_REUSEADDR on the server socket
 * @param receiveBuffer   SO_RCVBUF in bytes, 0 for the OS default
 * @param sendBuffer      SO_SNDBUF in bytes, 0 for the OS default
 * @param tcpNoDelay      TCP_NODELAY on accepted sockets
 * @param writeBufferLow  low write-buffer watermark in bytes
 * @param writeBufferHigh high write-buffer watermark in bytes, above which outbound frames are
 *                        dropped rather than queued
 */
public record SocketTuning(int backlog, boolean reuseAddress, int receiveBuffer, int sendBuffer,
                           boolean tcpNoDelay, int writeBufferLow, int writeBufferHigh) {

    /** The defaults documented in config/ramal.yaml. */
    public static final SocketTuning DEFAULTS =
            new SocketTuning(100, true, 1 << 20, 64 * 1024, true, 32 * 1024, 64 * 1024);

    public SocketTuning {
        require(backlog >= 1 && backlog <= 65535, "backlog", backlog, "1..65535");
        require(receiveBuffer >= 0, "receive-buffer", receiveBuffer, ">= 0 bytes (0 = OS default)");
        require(sendBuffer >= 0, "send-buffer", sendBuffer, ">= 0 bytes (0 = OS default)");
        require(writeBufferLow > 0, "write-buffer-low", writeBufferLow, "> 0 bytes");
        require(writeBufferHigh >= writeBufferLow, "write-buffer-high", writeBufferHigh,
                ">= write-buffer-low (" + writeBufferLow + ")");
    }

    /** These values with the non-null fields of {@code o} laid over them. */
    public SocketTuning with(TuningOverrides o) {
        if (o == null || o.isEmpty()) {
            return this;
        }
        return new SocketTuning(
                o.backlog() != null ? o.backlog() : backlog,
                o.reuseAddress() != null ? o.reuseAddress() : reuseAddress,
                o.receiveBuffer() != null ? o.receiveBuffer() : receiveBuffer,
                o.sendBuffer() != null ? o.sendBuffer() : sendBuffer,
                o.tcpNoDelay() != null ? o.tcpNoDelay() : tcpNoDelay,
                o.writeBufferLow() != null ? o.writeBufferLow() : writeBufferLow,
                o.writeBufferHigh() != null ? o.writeBufferHigh() : writeBufferHigh);
    }

    private static void require(boolean ok, String key, Object value, String allowed) {
        if (!ok) {
            throw new IllegalArgumentException(key + "=" + value + " is invalid, allowed: " + allowed);
        }
    }
}
