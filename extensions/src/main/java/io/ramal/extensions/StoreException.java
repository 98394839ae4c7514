package io.ramal.extensions;

/** A store could not be read or written: the database is unreachable, a file is unreadable, a row conflicts. */
public class StoreException extends Exception {

    private static final long serialVersionUID = 1L;

    public StoreException(String message) {
        super(message);
    }

    public StoreException(String message, Throwable cause) {
        super(message, cause);
    }
}
