package com.rollyy.emsp.ocpi;

/**
 * Tells a database that is down or restarting (no connection, connection lost) from a bug: the
 * first is answered 503 with status 3000 and Retry-After, so peers and robots retry; the second
 * stays a 500.
 */
public final class StorageOutage {

    public static final String MESSAGE = "Storage temporarily unavailable: retry later";
    public static final String RETRY_AFTER_SECONDS = "5";

    private StorageOutage() {
    }

    public static boolean is(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof org.springframework.dao.DataAccessResourceFailureException
                    || t instanceof org.springframework.transaction.CannotCreateTransactionException
                    || t instanceof org.springframework.dao.TransientDataAccessResourceException
                    || t instanceof java.sql.SQLTransientConnectionException
                    || t instanceof java.sql.SQLNonTransientConnectionException
                    || (t instanceof java.sql.SQLException sql && sql.getSQLState() != null
                    && (sql.getSQLState().startsWith("08") || sql.getSQLState().startsWith("57P")))) {
                return true;
            }
        }
        return false;
    }
}
