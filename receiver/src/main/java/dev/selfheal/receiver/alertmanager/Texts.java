package dev.selfheal.receiver.alertmanager;

/** Text checks shared by the webhook's readers: what a store cannot hold, cutting, quoting. */
final class Texts {

    static final String CUT_MARKER = "…[cut by selfheal: %d of %d characters kept]";

    private Texts() {
    }

    /** What in the text no store can keep exactly (PostgreSQL refuses NUL; UTF-8 has no lone surrogate), or null. */
    static String unstorable(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == 0) {
                return "a NUL character";
            }
            if (Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c)) {
                return "half of a UTF-16 surrogate pair";
            }
        }
        return null;
    }

    /** The text with NUL characters and lone surrogates replaced by U+FFFD. */
    static String storable(String text) {
        if (unstorable(text) == null) {
            return text;
        }
        StringBuilder out = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
                out.append(c).append(text.charAt(++i));
            } else if (c == 0 || Character.isSurrogate(c)) {
                out.append('\uFFFD');
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }

    /** The text, or its first {@code max} characters (a pair never split) and a marker saying so. */
    static String cut(String text, int max) {
        if (text.length() <= max) {
            return text;
        }
        int keep = Character.isHighSurrogate(text.charAt(max - 1)) ? max - 1 : max;
        return text.substring(0, keep) + String.format(CUT_MARKER, keep, text.length());
    }

    static String quote(String text, int max) {
        String shown = text.length() <= max ? text : text.substring(0, max) + "…";
        return "'" + storable(shown) + "'";
    }
}
