package dev.selfheal.harness.check;

import java.nio.file.FileSystems;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.util.ArrayList;
import java.util.List;

/**
 * A {@code .dockerignore} as docker reads it: rules in order, {@code #} comments, a leading
 * {@code !} lets a path back in, and the last rule that matches the path or one of its parent
 * directories decides. Patterns are globs ({@code *} within one path element, {@code **} across).
 */
record DockerIgnore(List<Rule> rules) {

    record Rule(PathMatcher matcher, boolean include) {
    }

    static DockerIgnore parse(List<String> lines) {
        List<Rule> rules = new ArrayList<>();
        for (String line : lines) {
            String rule = line.replaceAll("#.*", "").strip();
            if (rule.isEmpty()) {
                continue;
            }
            boolean include = rule.startsWith("!");
            rule = include ? rule.substring(1) : rule;
            rule = rule.replaceAll("^/+", "").replaceAll("/+$", "");
            rules.add(new Rule(FileSystems.getDefault().getPathMatcher("glob:" + rule), include));
        }
        return new DockerIgnore(List.copyOf(rules));
    }

    /** Whether {@code path} (relative to the build context) is left out of the build context. */
    boolean ignored(String path) {
        boolean ignored = false;
        for (Rule rule : rules) {
            for (Path p = Path.of(path.replaceAll("/+$", "")); p != null; p = p.getParent()) {
                if (rule.matcher().matches(p)) {
                    ignored = !rule.include();
                    break;
                }
            }
        }
        return ignored;
    }
}
