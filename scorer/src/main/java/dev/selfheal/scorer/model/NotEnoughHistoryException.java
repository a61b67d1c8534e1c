package dev.selfheal.scorer.model;

/** Too few finite points to train a model; the fallback answers meanwhile. */
public class NotEnoughHistoryException extends RuntimeException {
    public NotEnoughHistoryException(String message) {
        super(message);
    }
}
