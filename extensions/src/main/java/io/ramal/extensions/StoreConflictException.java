package io.ramal.extensions;

/**
 * An edit the store refused because of what is already in it: the name or the address is taken,
 * or the entry to change does not exist. The store itself is fine; the request is not (the admin
 * CLI exits 2 rather than 1).
 */
public class StoreConflictException extends StoreException {

    private static final long serialVersionUID = 1L;

    public StoreConflictException(String message) {
        super(message);
    }

    public StoreConflictException(String message, Throwable cause) {
        super(message, cause);
    }
}
