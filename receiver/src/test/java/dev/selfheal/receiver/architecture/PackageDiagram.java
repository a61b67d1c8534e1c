package dev.selfheal.receiver.architecture;

import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.Dependency;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * A module's package diagram in docs/architecture.md: a fenced block headed
 * {@code <module> (<root>.*), top to bottom}, one line per layer, package names separated by two
 * spaces (three or more spaces start a comment). Checked against the compiled classes: it names
 * every package, and every dependency points to a line below.
 */
final class PackageDiagram {

    private final String root;
    /** Package → line, counted from the bottom. */
    private final Map<String, Integer> level = new HashMap<>();

    private PackageDiagram(String root) {
        this.root = root;
    }

    static PackageDiagram read(Path doc, String heading, String root) throws IOException {
        List<String> lines = Files.readAllLines(doc);
        int start = -1;
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).startsWith(heading + " (" + root + ".*), top to bottom")) {
                start = i + 1;
            }
        }
        assertThat(start).as("docs/architecture.md has the diagram '%s'", heading).isPositive();
        List<List<String>> layers = new ArrayList<>();
        for (int i = start; !lines.get(i).startsWith("```"); i++) {
            layers.add(List.of(lines.get(i).strip().split("\\s{3,}")[0].split("\\s+")));
        }
        PackageDiagram d = new PackageDiagram(root);
        for (int i = 0; i < layers.size(); i++) {
            for (String p : layers.get(i)) {
                assertThat(d.level.put(p, layers.size() - 1 - i)).as("package %s named once", p).isNull();
            }
        }
        return d;
    }

    private String packageOf(JavaClass c) {
        String rest = c.getPackageName().substring(root.length() + 1);
        int dot = rest.indexOf('.');
        return dot < 0 ? rest : rest.substring(0, dot);
    }

    void check(JavaClasses classes) {
        TreeSet<String> packages = new TreeSet<>();
        List<String> upward = new ArrayList<>();
        for (JavaClass c : classes) {
            if (!c.getPackageName().startsWith(root + ".")) {
                continue;
            }
            String from = packageOf(c);
            packages.add(from);
            for (Dependency d : c.getDirectDependenciesFromSelf()) {
                JavaClass target = d.getTargetClass();
                if (!target.getPackageName().startsWith(root + ".")) {
                    continue;
                }
                String to = packageOf(target);
                if (!to.equals(from) && level.containsKey(from) && level.containsKey(to)
                        && level.get(to) >= level.get(from)) {
                    upward.add(from + " -> " + to + ": " + d.getDescription());
                }
            }
        }
        assertThat(new TreeSet<>(level.keySet())).as("the packages the diagram names").isEqualTo(packages);
        assertThat(upward).as("dependencies that do not point to a line below").isEmpty();
    }
}
