package dev.selfheal.receiver.playbook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import java.util.stream.Stream;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class PlaybookLoaderTest {

    @Test
    void theShippedPlaybooksFileIsValid() {
        List<Playbook> playbooks = PlaybookLoader.load(Path.of("../playbooks.yml"));
        assertThat(playbooks).extracting(Playbook::name)
                .containsExactly("demo-app-error-rate", "demo-app-latency", "shop-error-rate");
        Playbook demo = playbooks.get(0);
        assertThat(demo.matches(Map.of("alertname", "HighErrorRate", "job", "demo-app"))).isTrue();
        assertThat(demo.matches(Map.of("alertname", "HighErrorRate", "job", "other"))).isFalse();
        assertThat(demo.confirm().query().render(Map.of("job", "demo-app")))
                .isEqualTo("sum(rate(http_errors_total{job=\"demo-app\"}[3s])) / sum(rate(http_requests_total{job=\"demo-app\"}[3s]))");
        assertThat(demo.confirm().persist()).isEqualTo(Duration.ofSeconds(10));
        assertThat(demo.confirm().step()).isEqualTo(Duration.ofSeconds(2));
        assertThat(demo.confirm().onModelNotReady()).isEqualTo(Playbook.OnModelNotReady.PAGE);
        assertThat(demo.confirm().onScorerUnavailable()).isEqualTo(Playbook.OnScorerUnavailable.PAGE);
        assertThat(demo.mode()).isEqualTo(Playbook.Mode.AUTO);
        assertThat(demo.verify().settle()).isEqualTo(Duration.ofSeconds(5));
        assertThat(demo.actions().get(0).params()).containsEntry("idempotentTarget", true).containsEntry("allowPrivate", true);
        Playbook shop = playbooks.get(2);
        assertThat(shop.actions()).extracting(Playbook.ActionSpec::type).containsExactly("rollout-restart", "scale");
        assertThat(shop.actions().get(1).params()).containsEntry("by", 1).containsEntry("max", 10);
        assertThat(shop.target().nameLabel()).isEqualTo("deployment");
    }

    private static final String VALID = """
            http:
              allow: [http://127.0.0.1:18080/admin/]
            playbooks:
              - name: p
                match: alertname="A"
                confirm:
                  query: 'up{job="{{ .job }}"}'
                target:
                  kind: http
                  url: http://127.0.0.1:18080/admin/restart
                actions:
                  - type: http
            """;

    static Stream<Arguments> brokenPlaybooks() {
        return Stream.of(
                Arguments.of("bad matcher", VALID.replace("alertname=\"A\"", "alertname=~\"(\""), "match: invalid regex"),
                Arguments.of("query outside quotes", VALID.replace("'up{job=\"{{ .job }}\"}'", "'up{job={{ .job }}}'"),
                        "confirm.query: placeholder"),
                Arguments.of("url not allowed", VALID.replace("url: http://127.0.0.1:18080/admin/restart",
                        "url: http://evil.example/x"), "target.url: 'http://evil.example/x' is not under"),
                Arguments.of("unknown action", VALID.replace("- type: http", "- type: reboot"),
                        "actions[0].type: must be one of"),
                Arguments.of("action for target", VALID.replace("- type: http", "- type: rollback"),
                        "actions[0]: rollback needs a deployment or pod-owner target"),
                Arguments.of("bad mode", VALID + "    mode: yolo\n", "mode: 'yolo' is not one of"),
                Arguments.of("bad threshold", VALID.replace("confirm:", "confirm:\n      threshold: 2"),
                        "confirm.threshold: must be between 0 and 1"),
                Arguments.of("a typo in a key", VALID.replace("confirm:", "confirm:\n      treshold: 0.9"),
                        "confirm.treshold: unknown key 'treshold' (did you mean 'threshold'?)"),
                Arguments.of("a typo at the playbook's level", VALID + "    cooldwon: 10m\n",
                        "cooldwon: unknown key 'cooldwon' (did you mean 'cooldown'?)"),
                Arguments.of("an unknown key with nothing near", VALID + "    owner: sre\n",
                        "owner: unknown key 'owner' (valid here: name, match, confirm,"),
                Arguments.of("a typo in an action's key", VALID.replace("- type: http", "- type: http\n        methd: PUT"),
                        "actions[0].methd: unknown key 'methd' (did you mean 'method'?)"),
                Arguments.of("a key of another action type", VALID.replace("- type: http", "- type: http\n        by: 2"),
                        "actions[0].by: unknown key 'by'"),
                Arguments.of("not a number", VALID + "    maxPerHour: 5x\n", "maxPerHour: must be a whole number, got '5x'"),
                Arguments.of("a fraction for a whole number", VALID + "    maxPerHour: 2.5\n",
                        "maxPerHour: must be a whole number, got '2.5'"),
                Arguments.of("a threshold in quotes", VALID.replace("confirm:", "confirm:\n      threshold: 'high'"),
                        "confirm.threshold: must be a number, got 'high'"),
                Arguments.of("a number for a duration", VALID + "    cooldown: 600\n",
                        "cooldown: must be a duration like 30s, 5m or 1h, got '600'"),
                Arguments.of("a string for a boolean", VALID.replace("- type: http", "- type: http\n        idempotentTarget: 'yes'"),
                        "actions[0].idempotentTarget: must be true or false, got 'yes'"),
                Arguments.of("a list for a string", VALID + "    mode: [auto]\n", "mode: must be a string, got a list"),
                Arguments.of("a duration out of range, printed as written", VALID + "    cooldown: 8d\n",
                        "cooldown: must be from 0s to 7d, got 8d"),
                Arguments.of("slack without a channel", VALID + "    slack: {on: [approve]}\n",
                        "slack.channel: is required"),
                Arguments.of("slack on a word it does not know", VALID + "    slack: {channel: '#ops', on: [approved]}\n",
                        "slack.on: 'approved' is not one of [approve, remediate, suppressed, failed, healed, escalated, page]"),
                Arguments.of("a typo in slack's keys", VALID + "    slack: {chanel: '#ops'}\n",
                        "slack.chanel: unknown key 'chanel' (did you mean 'channel'?)"));
    }

    @Test
    void aSlackBlockNamesTheChannelAndWhatItHearsOf(@TempDir Path dir) throws Exception {
        Playbook given = PlaybookLoader.load(Files.writeString(dir.resolve("a.yml"),
                VALID + "    slack: {channel: '#ops', on: [approve, healed]}\n")).get(0);
        assertThat(given.slack().on()).containsExactlyInAnyOrder(Playbook.SlackOn.APPROVE, Playbook.SlackOn.HEALED);
        assertThat(given.slackChannel(Playbook.SlackOn.HEALED)).contains("#ops");
        assertThat(given.slackChannel(Playbook.SlackOn.REMEDIATE)).isEmpty();
        Playbook byDefault = PlaybookLoader.load(Files.writeString(dir.resolve("b.yml"),
                VALID + "    slack: {channel: C0OPS}\n")).get(0);
        assertThat(byDefault.slack().on()).containsExactlyInAnyOrder(Playbook.SlackOn.APPROVE, Playbook.SlackOn.FAILED,
                Playbook.SlackOn.ESCALATED, Playbook.SlackOn.PAGE);
        assertThat(PlaybookLoader.load(Files.writeString(dir.resolve("c.yml"), VALID)).get(0).slack()).isNull();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("brokenPlaybooks")
    void problemsNameTheFileThePlaybookAndTheField(String what, String yaml, String expected, @TempDir Path dir)
            throws Exception {
        Path file = Files.writeString(dir.resolve("playbooks.yml"), yaml);
        assertThatThrownBy(() -> PlaybookLoader.load(file))
                .isInstanceOf(PlaybookValidationException.class)
                .hasMessageContaining(file + ": playbooks[0] (p): " + expected);
    }

    @Test
    void everyProblemIsReportedAtOnce(@TempDir Path dir) throws Exception {
        Path file = Files.writeString(dir.resolve("p.yml"), """
                playbooks:
                  - name: a
                    match: x="1"
                    confirm: {query: 'up', window: forever}
                    target: {kind: deployment}
                    actions: [{type: scale, to: 500}]
                    maxPerHour: 0
                  - name: a
                    match: x="1"
                """);
        assertThatThrownBy(() -> PlaybookLoader.load(file)).isInstanceOfSatisfying(PlaybookValidationException.class,
                e -> assertThat(e.problems()).anyMatch(p -> p.contains("confirm.window"))
                        .anyMatch(p -> p.contains("target.nameLabel"))
                        .anyMatch(p -> p.contains("actions[0].to"))
                        .anyMatch(p -> p.contains("maxPerHour"))
                        .anyMatch(p -> p.contains("playbooks[1] (a): name: 'a' is used by another playbook")));
    }

    @Test
    void notYamlOrNoListIsRefused(@TempDir Path dir) throws Exception {
        Path file = Files.writeString(dir.resolve("p.yml"), "just: text\n");
        assertThatThrownBy(() -> PlaybookLoader.load(file)).hasMessageContaining("must hold a list under 'playbooks'");
        Path broken = Files.writeString(dir.resolve("b.yml"), "playbooks: [\n");
        assertThatThrownBy(() -> PlaybookLoader.load(broken)).hasMessageContaining("cannot be read as YAML");
    }

    @Test
    void aTypoAtTheTopIsRefusedToo(@TempDir Path dir) throws Exception {
        Path file = Files.writeString(dir.resolve("p.yml"), VALID.replace("http:", "htttp:"));
        assertThatThrownBy(() -> PlaybookLoader.load(file))
                .hasMessageContaining(file + ": htttp: unknown key 'htttp' (did you mean 'http'?)");
    }

    @Test
    void durationsArePrintedAsAPlaybookWritesThem() {
        assertThat(PlaybookLoader.format(Duration.ofSeconds(90))).isEqualTo("1m30s");
        assertThat(PlaybookLoader.format(Duration.ofDays(1))).isEqualTo("1d");
        assertThat(PlaybookLoader.format(Duration.ofMillis(100))).isEqualTo("100ms");
        assertThat(PlaybookLoader.format(Duration.ZERO)).isEqualTo("0s");
    }

    /** The committed schema is what the loader checks: regenerate with PlaybooksCheckMain --schema. */
    @Test
    void theCommittedJsonSchemaIsTheLoadersOwn() throws Exception {
        var mapper = new com.fasterxml.jackson.databind.ObjectMapper();
        assertThat(mapper.readTree(Path.of("../playbooks.schema.json").toFile())).isEqualTo(PlaybookSchema.jsonSchema());
    }

    /** Every playbooks file in the repository passes the strict check (shipped, deploy and test files). */
    @ParameterizedTest
    @org.junit.jupiter.params.provider.ValueSource(strings = {"../playbooks.yml", "../deploy/compose/playbooks.yml",
            "src/test/resources/playbooks-decide-test.yml", "src/test/resources/kubernetes/playbooks-actions.yml"})
    void everyPlaybooksFileInTheRepositoryIsStrictlyValid(String path) {
        assertThat(PlaybookLoader.load(Path.of(path))).isNotEmpty();
    }
}
