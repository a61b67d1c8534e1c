package dev.selfheal.receiver.playbook;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.Modifier;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.stream.Stream;

/**
 * Every {@link ActionType} of the receiver, found on the classes beside this one (the build's
 * class directory or the application jar): each concrete public implementation with a public
 * no-argument constructor under {@code dev.selfheal.receiver}. The same set in the service, in
 * {@code ./selfheal playbooks check} and in the tests, without a list to keep in step.
 */
public final class ActionTypes {

    private static final String ROOT = "dev/selfheal/receiver/";

    private ActionTypes() {
    }

    private static final class Holder {
        static final Map<String, ActionType> BY_TYPE = discover();
    }

    /** The action types by name, sorted. */
    public static Map<String, ActionType> all() {
        return Holder.BY_TYPE;
    }

    public static Optional<ActionType> of(String type) {
        return Optional.ofNullable(all().get(type));
    }

    /**
     * The actions as a Markdown table (type, targets, what it does, the Kubernetes permissions it
     * needs): the one in docs/architecture.md.
     */
    public static String markdownTable() {
        StringBuilder b = new StringBuilder("| type | targets | what it does | Kubernetes permissions |\n|---|---|---|---|\n");
        for (ActionType t : all().values()) {
            List<String> grants = t.permissions().stream().map(p -> "`" + p.grant() + "`").toList();
            b.append("| `").append(t.type()).append("` | ").append(String.join(", ", t.targetKinds())).append(" | ")
                    .append(t.description()).append(" | ").append(grants.isEmpty() ? "none" : String.join(", ", grants))
                    .append(" |\n");
        }
        return b.toString();
    }

    private static Map<String, ActionType> discover() {
        Map<String, ActionType> found = new TreeMap<>();
        for (String name : classNames()) {
            try {
                Class<?> c = Class.forName(name, false, ActionTypes.class.getClassLoader());
                if (!ActionType.class.isAssignableFrom(c) || c.isInterface() || Modifier.isAbstract(c.getModifiers())
                        || !Modifier.isPublic(c.getModifiers())) {
                    continue;
                }
                ActionType t = (ActionType) c.getConstructor().newInstance();
                ActionType earlier = found.put(t.type(), t);
                if (earlier != null) {
                    throw new IllegalStateException("two action types named '" + t.type() + "': "
                            + earlier.getClass().getName() + " and " + name);
                }
            } catch (ReflectiveOperationException | LinkageError e) {
                // not an action type that can be built without arguments: not one of ours
            }
        }
        if (found.isEmpty()) {
            throw new IllegalStateException("no action types found beside " + ActionTypes.class.getName());
        }
        return Collections.unmodifiableMap(found);
    }

    /** The names of the classes under {@link #ROOT} where this class was loaded from. */
    private static List<String> classNames() {
        List<String> names = new ArrayList<>();
        try {
            // this class's own file: file:/…/classes/dev/… or jar:file:/…/receiver.jar!/dev/…
            URL self = ActionTypes.class.getResource(ActionTypes.class.getSimpleName() + ".class");
            String url = String.valueOf(self);
            String me = ActionTypes.class.getName().replace('.', '/') + ".class";
            Path where = url.startsWith("jar:")
                    ? Path.of(new URI(url.substring(4, url.indexOf("!/"))))
                    : Path.of(new URI(url.substring(0, url.length() - me.length())));
            if (Files.isDirectory(where)) {
                try (Stream<Path> files = Files.walk(where.resolve(ROOT))) {
                    files.map(p -> where.relativize(p).toString().replace('\\', '/')).forEach(n -> add(names, n));
                }
            } else {
                try (JarFile jar = new JarFile(where.toFile())) {
                    jar.stream().map(JarEntry::getName).forEach(n -> add(names, n));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("the receiver's classes cannot be listed", e);
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
        return names;
    }

    private static void add(List<String> names, String path) {
        if (path.startsWith(ROOT) && path.endsWith(".class") && !path.contains("$$")) {
            names.add(path.substring(0, path.length() - ".class".length()).replace('/', '.'));
        }
    }
}
