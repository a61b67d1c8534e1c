package dev.selfheal.scorer.api;

/** An error with an HTTP status and a stable code, mapped to {@code {code, message}} in one place. */
public class ApiException extends RuntimeException {

    private final int status;
    private final String code;

    public ApiException(int status, String code, String message) {
        super(message);
        this.status = status;
        this.code = code;
    }

    public int status() {
        return status;
    }

    public String code() {
        return code;
    }
}
