package dev.selfheal.receiver.store;

/** The store could not commit: the caller answers 503 so that Alertmanager sends again. */
public class StoreUnavailableException extends RuntimeException {
    public StoreUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
