package dev.selfheal.receiver.playbook;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A PromQL template with label substitution: {@code {{ .job }}} is replaced by the alert's label,
 * escaped as a PromQL string. A placeholder must stand inside a double-quoted string literal, so
 * a label value can never change the query's structure (checked when the playbook is loaded).
 */
public record QueryTemplate(String text, List<String> labels) {

    private static final Pattern PLACEHOLDER = Pattern.compile("\\{\\{\\s*\\.([A-Za-z_][A-Za-z0-9_]*)\\s*}}");

    public static QueryTemplate parse(String text) {
        List<String> labels = new ArrayList<>();
        Matcher m = PLACEHOLDER.matcher(text);
        while (m.find()) {
            if (!insideQuotes(text, m.start())) {
                throw new IllegalArgumentException("placeholder {{ ." + m.group(1)
                        + " }} must stand inside a double-quoted string, e.g. job=\"{{ ." + m.group(1) + " }}\"");
            }
            labels.add(m.group(1));
        }
        if (text.contains("{{") && labels.isEmpty()) {
            throw new IllegalArgumentException("placeholders are written {{ .label_name }}");
        }
        return new QueryTemplate(text, List.copyOf(labels));
    }

    /** The query for an alert's labels; a label the alert lacks is an error, not an empty string. */
    public String render(Map<String, String> alertLabels) {
        return render(alertLabels, QueryTemplate::escape);
    }

    /**
     * The same template as a JSON document (an HTTP action's body): each value escaped as a JSON
     * string, so a label cannot change the body's structure either.
     */
    public String renderJson(Map<String, String> alertLabels) {
        return render(alertLabels, QueryTemplate::escapeJson);
    }

    private String render(Map<String, String> alertLabels, java.util.function.UnaryOperator<String> escaper) {
        Matcher m = PLACEHOLDER.matcher(text);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String value = alertLabels.get(m.group(1));
            if (value == null) {
                throw new IllegalArgumentException("the alert has no label '" + m.group(1) + "' for the confirm query");
            }
            m.appendReplacement(out, Matcher.quoteReplacement(escaper.apply(value)));
        }
        m.appendTail(out);
        return out.toString();
    }

    /** Escapes a value for a PromQL double-quoted string literal. */
    static String escape(String value) {
        return escape(value, false);
    }

    /** Escapes a value for a JSON string literal. */
    static String escapeJson(String value) {
        return escape(value, true);
    }

    private static String escape(String value, boolean json) {
        StringBuilder b = new StringBuilder(value.length() + 8);
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == '\\' || c == '"') {
                b.append('\\').append(c);
            } else if (json && (c < 0x20 || c == 0x2028 || c == 0x2029)) {
                b.append(String.format("\\u%04x", (int) c));
            } else if (!json && (c == '\n' || c == '\r' || c == '\t')) {
                b.append(c == '\n' ? "\\n" : c == '\r' ? "\\r" : "\\t");
            } else if (!json && c < 0x20) {
                b.append(String.format("\\x%02x", (int) c));
            } else {
                b.append(c);
            }
        }
        return b.toString();
    }

    private static boolean insideQuotes(String text, int position) {
        boolean inside = false;
        for (int i = 0; i < position; i++) {
            char c = text.charAt(i);
            if (c == '\\' && inside) {
                i++;
            } else if (c == '"') {
                inside = !inside;
            }
        }
        return inside;
    }
}
