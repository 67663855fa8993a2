package io.modelgate.errors;

/**
 * The store of runs, the ledger or libraries could not be read or written (the database is unreachable, say): 503,
 * since the request may succeed once it is back. The message names what was being done and the driver's reason,
 * never a connection setting such as the password.
 */
public final class StoreUnavailableException extends ApiException {

    public StoreUnavailableException(String message, Throwable cause) {
        super(message + ": " + cause.getMessage(), cause);
    }

    @Override
    public int status() {
        return 503;
    }
}
