package dev.selfheal.receiver.scorer;

/** The scorer refused the request (4xx: a broken confirm query, no data): a retry cannot help. */
public class ScorerRefusedException extends RuntimeException {
    public ScorerRefusedException(String message) {
        super(message);
    }
}
