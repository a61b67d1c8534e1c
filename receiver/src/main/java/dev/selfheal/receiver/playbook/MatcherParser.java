package dev.selfheal.receiver.playbook;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.PatternSyntaxException;

/**
 * Parses Alertmanager's matcher syntax: {@code {alertname="HighErrorRate", namespace=~"shop|cart"}}
 * or the same without braces; values quoted (with \" and \\ escapes) or bare.
 */
public final class MatcherParser {

    private MatcherParser() {
    }

    public static List<Matcher> parse(String text) {
        String s = text.strip();
        if (s.startsWith("{")) {
            if (!s.endsWith("}")) {
                throw new IllegalArgumentException("missing closing '}'");
            }
            s = s.substring(1, s.length() - 1);
        }
        List<Matcher> matchers = new ArrayList<>();
        int i = 0;
        while (i < s.length()) {
            while (i < s.length() && (Character.isWhitespace(s.charAt(i)) || s.charAt(i) == ',')) {
                i++;
            }
            if (i >= s.length()) {
                break;
            }
            int nameStart = i;
            while (i < s.length() && (Character.isLetterOrDigit(s.charAt(i)) || s.charAt(i) == '_')) {
                i++;
            }
            String name = s.substring(nameStart, i);
            if (name.isEmpty() || Character.isDigit(name.charAt(0))) {
                throw new IllegalArgumentException("expected a label name at position " + nameStart);
            }
            while (i < s.length() && Character.isWhitespace(s.charAt(i))) {
                i++;
            }
            Matcher.Op op;
            if (s.startsWith("=~", i)) {
                op = Matcher.Op.RE;
            } else if (s.startsWith("!~", i)) {
                op = Matcher.Op.NRE;
            } else if (s.startsWith("!=", i)) {
                op = Matcher.Op.NE;
            } else if (s.startsWith("=", i)) {
                op = Matcher.Op.EQ;
            } else {
                throw new IllegalArgumentException("expected =, !=, =~ or !~ after '" + name + "'");
            }
            i += op.text.length();
            while (i < s.length() && Character.isWhitespace(s.charAt(i))) {
                i++;
            }
            StringBuilder value = new StringBuilder();
            if (i < s.length() && s.charAt(i) == '"') {
                i++;
                boolean closed = false;
                while (i < s.length()) {
                    char c = s.charAt(i++);
                    if (c == '\\' && i < s.length()) {
                        char e = s.charAt(i++);
                        value.append(e == 'n' ? '\n' : e);
                    } else if (c == '"') {
                        closed = true;
                        break;
                    } else {
                        value.append(c);
                    }
                }
                if (!closed) {
                    throw new IllegalArgumentException("unterminated quoted value for '" + name + "'");
                }
            } else {
                while (i < s.length() && s.charAt(i) != ',') {
                    value.append(s.charAt(i++));
                }
            }
            try {
                matchers.add(Matcher.of(name, op, value.toString().strip()));
            } catch (PatternSyntaxException e) {
                throw new IllegalArgumentException("invalid regex for '" + name + "': " + e.getDescription());
            }
        }
        if (matchers.isEmpty()) {
            throw new IllegalArgumentException("no matchers");
        }
        return matchers;
    }
}
