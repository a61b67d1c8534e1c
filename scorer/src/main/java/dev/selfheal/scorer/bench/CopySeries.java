package dev.selfheal.scorer.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.selfheal.scorer.model.ModelStore;
import dev.selfheal.scorer.model.SeriesRef;
import dev.selfheal.scorer.store.FileBlobs;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * For {@code ./selfheal bench scorer-scale}: gives other series a copy of one trained series' saved
 * state and model versions, each under its own id with its own files, as if each had been trained
 * on the same points (so a benchmark of thousands of series need not train them all). Run while
 * the scorer is stopped.
 *
 * <pre>java -cp &lt;scorer&gt; dev.selfheal.scorer.bench.CopySeries MODEL_DIR SOURCE_ID TARGETS.jsonl</pre>
 * Each line of TARGETS.jsonl: {@code {"query": "...", "step": "15s", "labels": {...}}}; with
 * {@code -} as SOURCE_ID each line names its own {@code "source": "<id>"} (one run for many
 * sources). Prints the targets' ids.
 */
public final class CopySeries {

    private CopySeries() {
    }

    /** A step as the score API takes it: {@code 500ms}, {@code 15s}, {@code 1m}, {@code 1h}. */
    static Duration step(String text) {
        var m = java.util.regex.Pattern.compile("(\\d{1,9})(ms|s|m|h)").matcher(text.strip());
        if (!m.matches()) {
            throw new IllegalArgumentException("not a step: " + text);
        }
        long n = Long.parseLong(m.group(1));
        return switch (m.group(2)) {
            case "ms" -> Duration.ofMillis(n);
            case "s" -> Duration.ofSeconds(n);
            case "m" -> Duration.ofMinutes(n);
            default -> Duration.ofHours(n);
        };
    }

    public static void main(String[] args) throws Exception {
        if (args.length != 3) {
            System.err.println("usage: CopySeries MODEL_DIR SOURCE_ID TARGETS.jsonl");
            System.exit(2);
        }
        ModelStore store = new ModelStore(new FileBlobs(Path.of(args[0])), Integer.MAX_VALUE);
        Map<String, ModelStore.SavedSeries> saved = new HashMap<>();
        store.series().forEach(s -> saved.put(s.id(), s));
        ObjectMapper json = new ObjectMapper();
        List<String> lines = Files.readAllLines(Path.of(args[2]));
        for (String line : lines) {
            if (line.isBlank()) {
                continue;
            }
            JsonNode t = json.readTree(line);
            String source = args[1].equals("-") ? t.path("source").asText() : args[1];
            ModelStore.SavedSeries from = saved.get(source);
            if (from == null) {
                throw new IllegalArgumentException("no saved series " + source + " in " + args[0]);
            }
            String query = t.path("query").asText();
            Duration step = step(t.path("step").asText("15s"));
            if (query.isBlank() || step.toMillis() != from.stepMillis()) {
                throw new IllegalArgumentException("a target needs a query and the source's step: " + line);
            }
            Map<String, String> labels = new HashMap<>();
            t.path("labels").fields().forEachRemaining(e -> labels.put(e.getKey(), e.getValue().asText()));
            SeriesRef ref = SeriesRef.of(query + " @" + step.toMillis() / 1000.0 + "s", labels);
            store.copy(source, new ModelStore.SavedSeries(ref.id(), query, ref.labels(), from.stepMillis(),
                    from.originMillis()));
            System.out.println(ref.id());
        }
    }
}
