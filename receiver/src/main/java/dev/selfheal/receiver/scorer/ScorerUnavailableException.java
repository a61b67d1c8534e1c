package dev.selfheal.receiver.scorer;

/** The scorer could not answer now (5xx, timeout, I/O): worth a retry. */
public class ScorerUnavailableException extends RuntimeException {
    public ScorerUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
