package io.ramal.gateway.relay;

/**
 * A relay header that must not be served, with the {@link RelayRefusal} that counts it and a detail
 * for the log (never the secret nor the MAC). Carries no stack trace: a flood of forged headers
 * should cost as little as possible.
 */
public final class RelayRefusedException extends Exception {

    private static final long serialVersionUID = 1L;

    private final RelayRefusal reason;

    public RelayRefusedException(RelayRefusal reason, String detail) {
        super(detail, null, false, false);
        this.reason = reason;
    }

    /** Why, as counted. */
    public RelayRefusal reason() {
        return reason;
    }
}
