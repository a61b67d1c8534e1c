package dev.selfheal.harness.check;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.selfheal.harness.bench.JavaProcess;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code ./selfheal check}'s last step: every path {@code docker-compose.yml} references exists
 * and its builds can see it. Bind-mount sources exist (except under {@code data/}, which
 * {@code ./selfheal run} creates); every Dockerfile a service builds exists; each of its
 * {@code COPY} sources (with the build's {@code args} substituted) is inside the build context,
 * not left out by {@code .dockerignore}, and, once its module is built, there. Reads the compose
 * file as {@code docker-compose config} resolves it. Exit 1 with each problem on its own line.
 */
public final class ComposePaths {

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private static final Pattern COPY = Pattern.compile("^COPY\\s+(?:--chown=\\S+\\s+)?(\\S+)\\s+\\S+", Pattern.MULTILINE);
    private static final Pattern ARG = Pattern.compile("\\$\\{(\\w+)}");

    private ComposePaths() {
    }

    public static void main(String[] args) throws Exception {
        Path root = JavaProcess.root();
        Process config = new ProcessBuilder("docker-compose", "-f", root.resolve("docker-compose.yml").toString(), "config")
                .redirectError(ProcessBuilder.Redirect.INHERIT).start();
        String resolved = new String(config.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (config.waitFor() != 0) {
            System.out.println("docker-compose config failed");
            System.exit(1);
        }
        Path ignore = root.resolve(".dockerignore");
        DockerIgnore dockerIgnore = DockerIgnore.parse(Files.exists(ignore) ? Files.readAllLines(ignore) : List.of());
        List<String> problems = problems(root, YAML.readTree(resolved), dockerIgnore);
        problems.forEach(System.out::println);
        if (!problems.isEmpty()) {
            System.out.println("docker-compose.yml references paths that do not exist or that its builds cannot see");
            System.exit(1);
        }
        System.out.println("every path docker-compose.yml and its Dockerfiles reference exists and is in its build context");
    }

    static List<String> problems(Path root, JsonNode compose, DockerIgnore dockerIgnore) throws IOException {
        List<String> problems = new ArrayList<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = compose.path("services").fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> service = it.next();
            for (JsonNode volume : service.getValue().path("volumes")) {
                String source = volume.isTextual() ? volume.asText().split(":", 2)[0] : volume.path("source").asText("");
                if (source.startsWith("/") && !Path.of(source).startsWith(root.resolve("data"))
                        && !Files.exists(Path.of(source))) {
                    problems.add("missing: " + source + " (mounted by " + service.getKey() + ")");
                }
            }
            JsonNode build = service.getValue().path("build");
            if (!build.isMissingNode()) {
                problems.addAll(buildProblems(root, build, dockerIgnore));
            }
        }
        return problems;
    }

    private static List<String> buildProblems(Path root, JsonNode build, DockerIgnore dockerIgnore) throws IOException {
        List<String> problems = new ArrayList<>();
        Path context = Path.of(build.path("context").asText(root.toString()));
        Path dockerfile = context.resolve(build.path("dockerfile").asText("Dockerfile"));
        if (!Files.isRegularFile(dockerfile)) {
            return List.of("missing: " + dockerfile + " (a Dockerfile docker-compose.yml builds)");
        }
        Matcher copy = COPY.matcher(Files.readString(dockerfile));
        while (copy.find()) {
            String source = substitute(copy.group(1), build.path("args")).replaceAll("/+$", "");
            if (source.startsWith("/") || source.startsWith("../") || source.contains("/../")) {
                problems.add("outside the build context: " + source + " (COPY in " + dockerfile + ")");
            } else if (dockerIgnore.ignored(source)) {
                problems.add("left out of the build context by .dockerignore: " + source + " (COPY in " + dockerfile + ")");
            } else if (built(context, source) && !exists(context, source)) {
                problems.add("missing: " + source + " (COPY in " + dockerfile + ")");
            }
        }
        return problems;
    }

    static String substitute(String text, JsonNode args) {
        Matcher m = ARG.matcher(text);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            m.appendReplacement(out, Matcher.quoteReplacement(args.path(m.group(1)).asText(m.group(0))));
        }
        return m.appendTail(out).toString();
    }

    /** A build output is checked only once its module is built ({@code MODULE/target} exists). */
    private static boolean built(Path context, String source) {
        int target = source.indexOf("/target/");
        return target < 0 || Files.isDirectory(context.resolve(source.substring(0, target) + "/target"));
    }

    /** Whether a COPY source exists; a {@code *} in its last element is a glob. */
    private static boolean exists(Path context, String source) throws IOException {
        if (!source.contains("*")) {
            return Files.exists(context.resolve(source));
        }
        Path dir = context.resolve(source).getParent();
        String glob = Path.of(source).getFileName().toString();
        if (!Files.isDirectory(dir)) {
            return false;
        }
        try (var entries = Files.newDirectoryStream(dir, glob)) {
            return entries.iterator().hasNext();
        }
    }
}
