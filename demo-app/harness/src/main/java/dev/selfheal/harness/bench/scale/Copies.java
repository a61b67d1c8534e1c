package dev.selfheal.harness.bench.scale;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.selfheal.harness.bench.JavaProcess;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/**
 * The copies of the trained series' saved states under the other series' names, with the scorer's
 * own tool while it is stopped: {@code java -cp <scorer> dev.selfheal.scorer.bench.CopySeries
 * MODEL_DIR - TARGETS.jsonl}, each line of TARGETS {@code {"query", "step", "labels", "source"}};
 * {@value #PARALLEL} at a time (the machine's cores).
 */
final class Copies {

    static final String TOOL = "dev.selfheal.scorer.bench.CopySeries";
    static final int PARALLEL = 2;

    /** @param copied series given a copy; @param problem why copying stopped, or null */
    record Outcome(int copied, double seconds, String problem) {
    }

    private Copies() {
    }

    /** The targets of each source's copies, by source query: its lines of TARGETS.jsonl. */
    static Map<String, List<String>> targets(ScaleLayout layout) {
        Map<String, List<String>> bySource = new LinkedHashMap<>();
        for (int i = 0; i < layout.series(); i++) {
            ScaleLayout.Series s = layout.get(i);
            if (s.source()) {
                continue;
            }
            ObjectNode line = ScaleScorer.JSON.createObjectNode().put("query", s.query()).put("step", "15s");
            ObjectNode labels = line.putObject("labels");
            s.labels().forEach(labels::put);
            bySource.computeIfAbsent(layout.sourceOf(i).query(), q -> new ArrayList<>()).add(line.toString());
        }
        return bySource;
    }

    /**
     * {@code sourceIds}: each source's series id by query, from {@code GET /api/v1/models}. The
     * targets go in {@value #PARALLEL} runs of the tool (each line naming its source), one per core.
     */
    static Outcome run(Path root, Path work, ScaleLayout layout, Map<String, String> sourceIds) throws Exception {
        long t0 = System.nanoTime();
        Path dir = Files.createDirectories(work.resolve("copies"));
        List<List<String>> parts = new ArrayList<>();
        for (int k = 0; k < PARALLEL; k++) {
            parts.add(new ArrayList<>());
        }
        int n = 0;
        for (Map.Entry<String, List<String>> e : targets(layout).entrySet()) {
            String id = sourceIds.get(e.getKey());
            if (id == null) {
                return new Outcome(0, (System.nanoTime() - t0) / 1e9, "no series id for " + e.getKey()
                        + " in GET /api/v1/models");
            }
            for (String line : e.getValue()) {
                ObjectNode withSource = (ObjectNode) ScaleScorer.JSON.readTree(line);
                parts.get(n++ % PARALLEL).add(withSource.put("source", id).toString());
            }
        }
        ExecutorService pool = Executors.newFixedThreadPool(PARALLEL);
        List<Future<String>> jobs = new ArrayList<>();
        for (int k = 0; k < PARALLEL; k++) {
            Path targets = Files.write(dir.resolve(k + ".jsonl"), parts.get(k));
            Path log = dir.resolve(k + ".log");
            jobs.add(pool.submit(() -> copy(root, work.resolve("models"), "-", targets, log)));
        }
        String problem = null;
        for (Future<String> f : jobs) {
            String failed = f.get();
            problem = problem == null ? failed : problem;
        }
        pool.shutdown();
        return new Outcome(problem == null ? n : 0, (System.nanoTime() - t0) / 1e9, problem);
    }

    /** One run of the tool; null when it copied, else why not. */
    private static String copy(Path root, Path models, String sourceId, Path targets, Path log)
            throws IOException, InterruptedException {
        Path app = root.resolve("scorer/target/quarkus-app");
        String cp = app.resolve("lib/boot/*") + ":" + app.resolve("lib/main/*") + ":" + app.resolve("app/*");
        Process p = new ProcessBuilder(JavaProcess.java(), "-Xmx256m", "-cp", cp, TOOL, models.toString(), sourceId,
                targets.toString()).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        if (!p.waitFor(5, TimeUnit.MINUTES)) {
            p.destroyForcibly().waitFor();
            return TOOL + " did not finish within 5 minutes (" + log + ")";
        }
        if (p.exitValue() == 0) {
            return null;
        }
        String out = Files.readString(log);
        if (out.contains("Could not find or load main class") || out.contains("ClassNotFoundException: " + TOOL)) {
            return TOOL + " is not on the scorer's class path (yet): no copies were made";
        }
        return TOOL + " exited " + p.exitValue() + " for source " + sourceId + ": " + out.strip().lines().reduce((a, b) -> b).orElse("")
                + " (" + log + ")";
    }
}
