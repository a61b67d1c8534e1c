package dev.selfheal.receiver.playbook;

import java.util.Map;
import java.util.regex.Pattern;

/**
 * One Alertmanager matcher: {@code name="value"}, {@code !=}, {@code =~} or {@code !~}. Regexes
 * are anchored, as Alertmanager anchors them; a missing label matches as the empty string.
 */
public record Matcher(String name, Op op, String value, Pattern pattern) {

    public enum Op {
        EQ("="), NE("!="), RE("=~"), NRE("!~");

        final String text;

        Op(String text) {
            this.text = text;
        }
    }

    public static Matcher of(String name, Op op, String value) {
        Pattern pattern = op == Op.RE || op == Op.NRE ? Pattern.compile("^(?:" + value + ")$") : null;
        return new Matcher(name, op, value, pattern);
    }

    public boolean matches(Map<String, String> labels) {
        String actual = labels.getOrDefault(name, "");
        return switch (op) {
            case EQ -> actual.equals(value);
            case NE -> !actual.equals(value);
            case RE -> pattern.matcher(actual).matches();
            case NRE -> !pattern.matcher(actual).matches();
        };
    }

    @Override
    public String toString() {
        return name + op.text + "\"" + value.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }
}
