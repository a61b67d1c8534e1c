package dev.selfheal.receiver.backtest;

import static org.assertj.core.api.Assertions.assertThat;

import dev.selfheal.receiver.api.TimeArg;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The command's contract on bad input: a clear message and a non-zero exit, never a stack trace. */
class BacktestMainTest {

    @TempDir
    Path dir;

    private record Ran(int code, String out, String err) {
    }

    private Ran run(Map<String, String> env, String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = BacktestMain.run(args, env, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Ran(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    private Path playbooks() throws IOException {
        return Files.writeString(dir.resolve("playbooks.yml"), """
                playbooks:
                  - name: p
                    match: '{alertname="A"}'
                    confirm: {query: 'up{job="{{ .job }}"}'}
                    target: {kind: deployment, nameLabel: deployment}
                    actions: [{type: rollout-restart}]
                """);
    }

    private static int closedPort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    @Test
    void badArgumentsExitWithTwoAndSayWhich() throws IOException {
        String pb = playbooks().toString();
        assertThat(run(Map.of(), "--to", "now", "--playbooks", pb)).satisfies(r -> {
            assertThat(r.code()).isEqualTo(2);
            assertThat(r.err()).contains("--from is required").contains("usage: ./selfheal backtest");
        });
        assertThat(run(Map.of(), "--from", "last tuesday", "--prometheus", "http://p:9090", "--playbooks", pb).err())
                .contains("'last tuesday' is not a time");
        assertThat(run(Map.of(), "--from", "-1d", "--to", "-2d", "--prometheus", "http://p:9090", "--playbooks", pb)
                .err()).contains("must be before --to");
        assertThat(run(Map.of(), "--from", "-1d", "--playbooks", pb).err()).contains("SELFHEAL_PROMETHEUS_URL");
        assertThat(run(Map.of(), "--from", "-1d", "--prometheus", "p:9090", "--playbooks", pb).err())
                .contains("is not an http(s) URL");
        assertThat(run(Map.of(), "--from", "-1d", "--prometheus", "http://p:9090", "--playbooks", pb, "--frm", "x")
                .err()).contains("unknown argument '--frm'");
        assertThat(run(Map.of(), "--from", "-1d", "--prometheus", "http://p:9090", "--playbooks", "missing.yml"))
                .satisfies(r -> assertThat(r.code()).isEqualTo(2));
        Path rules = Files.writeString(dir.resolve("bad.rules.yml"), "groups:\n  - name: g\n    rules:\n"
                + "      - alert: A\n        expr: up == 0\n        for: soon\n");
        assertThat(run(Map.of(), "--from", "-1d", "--prometheus", "http://p:9090", "--playbooks", pb, "--rules",
                rules.toString())).satisfies(r -> {
                    assertThat(r.code()).isEqualTo(2);
                    assertThat(r.err()).contains("alert A: for: 'soon' is not a duration");
                });
        assertThat(run(Map.of("SELFHEAL_SAFETY_MAX_TARGETS", "many"), "--from", "-1d", "--prometheus",
                "http://p:9090", "--playbooks", pb).err()).contains("SELFHEAL_SAFETY_MAX_TARGETS='many'");
    }

    @Test
    void anUnreachablePrometheusExitsWithThree() throws IOException {
        Ran r = run(Map.of("SELFHEAL_PROMETHEUS_URL", "http://127.0.0.1:" + closedPort()), "--from", "-1h",
                "--playbooks", playbooks().toString());
        assertThat(r.code()).isEqualTo(3);
        assertThat(r.err()).contains("is unreachable");
        assertThat(r.out()).isEmpty();
    }

    @Test
    void relativeAndAbsoluteTimesAreRead() {
        Instant now = Instant.parse("2026-12-01T12:00:00Z");
        assertThat(TimeArg.parse("-7d", now)).isEqualTo(now.minus(Duration.ofDays(7)));
        assertThat(TimeArg.parse("-90m", now)).isEqualTo(now.minus(Duration.ofMinutes(90)));
        assertThat(TimeArg.parse("2026-11-28T22:40:00+01:00", now)).isEqualTo(Instant.parse("2026-11-28T21:40:00Z"));
        assertThat(TimeArg.parse("now", now)).isEqualTo(now);
    }
}
