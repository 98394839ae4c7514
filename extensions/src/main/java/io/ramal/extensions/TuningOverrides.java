package io.ramal.extensions;

/**
 * Per-extension socket options that replace the configured {@link SocketTuning} defaults; a
 * null field keeps the default. Read from an extension's {@code tuning} object, whose keys are
 * the kebab-case names used in config/ramal.yaml.
 */
public record TuningOverrides(Integer backlog, Boolean reuseAddress, Integer receiveBuffer,
                              Integer sendBuffer, Boolean tcpNoDelay, Integer writeBufferLow,
                              Integer writeBufferHigh) {

    /** No overrides. */
    public static final TuningOverrides NONE =
            new TuningOverrides(null, null, null, null, null, null, null);

    /** True when every field keeps its default. */
    public boolean isEmpty() {
        return equals(NONE);
    }
}
