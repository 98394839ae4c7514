package io.ramal.gateway.report;

/**
 * A store a report cannot read: the database unreachable, the tables not migrated, a records
 * directory that cannot be listed. The message says what, where (the URL masked) and what to do.
 */
public final class ReportException extends Exception {

    public ReportException(String message, Throwable cause) {
        super(message, cause);
    }

    public ReportException(String message) {
        super(message);
    }
}
