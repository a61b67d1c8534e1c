package dev.selfheal.harness.check;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** .dockerignore as docker reads it, and what the compose check finds missing or out of reach. */
class ComposePathsTest {

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    /** The repository's own .dockerignore: everything out, the built services back in. */
    private static final DockerIgnore REPOSITORY = DockerIgnore.parse(List.of("*", "!receiver/target/quarkus-app",
            "!scorer/target/quarkus-app", "!demo-app/target/demo-app.jar", "!demo-app/target/lib", "# a comment", ""));

    @Test
    void theLastMatchingRuleOnThePathOrAParentDecides() {
        assertThat(REPOSITORY.ignored("receiver/target/quarkus-app/lib")).isFalse();
        assertThat(REPOSITORY.ignored("receiver/target/quarkus-app/")).isFalse();
        assertThat(REPOSITORY.ignored("demo-app/target/lib")).isFalse();
        assertThat(REPOSITORY.ignored("receiver/src/main")).isTrue();
        assertThat(REPOSITORY.ignored("demo-app/harness/target/selfheal-harness.jar")).isTrue();
        assertThat(REPOSITORY.ignored("data/webhook-token")).isTrue();
        DockerIgnore deep = DockerIgnore.parse(List.of("**/*.log", "!keep/*.log"));
        assertThat(deep.ignored("a/b/c.log")).isTrue();
        assertThat(deep.ignored("keep/c.log")).isFalse();
        assertThat(deep.ignored("a/b/c.txt")).isFalse();
        assertThat(DockerIgnore.parse(List.of()).ignored("anything")).isFalse();
    }

    @Test
    void buildArgsAreSubstitutedInCopySources() throws Exception {
        JsonNode args = YAML.readTree("MODULE: scorer\nPORT: '8081'\n");
        assertThat(ComposePaths.substitute("${MODULE}/target/quarkus-app/lib/", args)).isEqualTo("scorer/target/quarkus-app/lib/");
        assertThat(ComposePaths.substitute("${OTHER}/x", args)).isEqualTo("${OTHER}/x");
    }

    @Test
    void findsMissingMountsAndCopiesOutsideOrLeftOutOfTheContext(@TempDir Path root) throws Exception {
        Files.createDirectories(root.resolve("deploy"));
        Files.writeString(root.resolve("prometheus.yml"), "global: {}\n");
        Files.writeString(root.resolve("deploy/app.Dockerfile"), """
                FROM eclipse-temurin:17-jre
                ARG MODULE
                COPY --chown=app ${MODULE}/target/quarkus-app/lib/ /app/lib/
                COPY ${MODULE}/target/quarkus-app/*.jar /app/
                COPY ../secrets /app/secrets
                COPY receiver/src /app/src
                """);
        Files.createDirectories(root.resolve("receiver/target/quarkus-app/lib"));
        JsonNode compose = YAML.readTree("""
                services:
                  prometheus:
                    volumes:
                    - %1$s/prometheus.yml:/etc/prometheus/prometheus.yml:ro
                    - %1$s/rules:/etc/prometheus/rules:ro
                    - %1$s/data/webhook-token:/etc/token:ro
                    - named-volume:/var/lib/data:rw
                  receiver:
                    build: {context: %1$s, dockerfile: deploy/app.Dockerfile, args: {MODULE: receiver}}
                  scorer:
                    build: {context: %1$s, dockerfile: deploy/app.Dockerfile, args: {MODULE: scorer}}
                  gone:
                    build: {context: %1$s, dockerfile: deploy/gone.Dockerfile}
                """.formatted(root));
        List<String> problems = ComposePaths.problems(root, compose, REPOSITORY);
        assertThat(problems).containsExactlyInAnyOrder(
                "missing: " + root.resolve("rules") + " (mounted by prometheus)",
                // the receiver is built (its target exists) but has no jar; the scorer is not built: not checked
                "missing: receiver/target/quarkus-app/*.jar (COPY in " + root.resolve("deploy/app.Dockerfile") + ")",
                "outside the build context: ../secrets (COPY in " + root.resolve("deploy/app.Dockerfile") + ")",
                "outside the build context: ../secrets (COPY in " + root.resolve("deploy/app.Dockerfile") + ")",
                "left out of the build context by .dockerignore: receiver/src (COPY in " + root.resolve("deploy/app.Dockerfile") + ")",
                "left out of the build context by .dockerignore: receiver/src (COPY in " + root.resolve("deploy/app.Dockerfile") + ")",
                "missing: " + root.resolve("deploy/gone.Dockerfile") + " (a Dockerfile docker-compose.yml builds)");
        Files.writeString(root.resolve("receiver/target/quarkus-app/quarkus-run.jar"), "jar");
        assertThat(ComposePaths.problems(root, compose, REPOSITORY))
                .noneMatch(p -> p.startsWith("missing: receiver/target"));
    }
}
