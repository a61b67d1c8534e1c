package dev.selfheal.receiver.api;

/** Path and query parameters read the same way by every resource, each refusal a 400 naming it. */
public final class QueryParams {

    private QueryParams() {
    }

    /** A numeric id; {@code what} names it in the error ("episode id"). */
    public static long id(String text, String what) {
        try {
            return Long.parseLong(text);
        } catch (NumberFormatException e) {
            throw new ApiException(400, "invalid_parameter", what + " must be a number");
        }
    }

    /** A page size from 1 to {@code max}. */
    public static int limit(String text, int max) {
        try {
            int value = Integer.parseInt(text);
            if (value >= 1 && value <= max) {
                return value;
            }
        } catch (NumberFormatException ignored) {
            // fall through to the error
        }
        throw new ApiException(400, "invalid_parameter", "limit must be a number from 1 to " + max);
    }
}
