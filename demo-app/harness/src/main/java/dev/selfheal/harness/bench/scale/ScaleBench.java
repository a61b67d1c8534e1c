package dev.selfheal.harness.bench.scale;

import com.fasterxml.jackson.databind.JsonNode;
import dev.selfheal.harness.bench.JavaProcess;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * {@code ./selfheal bench scorer-scale [SERIES] [--keep]} (issue 31, item 6): the scorer with many
 * series (default 2,000 of 1,000 points, {@link ScaleLayout}) through a stand-in Prometheus
 * ({@link ScalePrometheus}). Phases: (1) a scorer trains the quarter that are sources
 * ({@code train_s}); (2) stopped, the scorer's {@code CopySeries} gives the others copies of their
 * source's saved state ({@link Copies}); (3) restarted, every series is asked until it answers from
 * its saved model version ({@code restart_ready_s}), and RSS with every series in memory is read
 * against RSS with one ({@code kb_per_model}; both in {@link Restart}); (4) restarted at the
 * launcher's default heap and memory budget: series the scorer holds on disk only are asked one at
 * a time ({@code cold_load_p99_ms}), then {@link ScoreLoad} ({@code score_p99_ms}) while fresh series
 * train, and the RSS after it ({@code rss_mb}). The last line is {@link ScaleFigures#line()}; exit 1
 * when a target is missed ({@link ScaleFigures#misses()}).
 */
public final class ScaleBench {

    static final int DEFAULT_SERIES = 2000;

    private final Path root;
    private final Path work;
    private final ScaleLayout layout;
    private final String end;
    private final URI prometheus;
    private final int port;
    private final String token = HexFormat.of().formatHex(new SecureRandom().generateSeed(24));
    private final List<String> problems = new ArrayList<>();
    /** Each source's series id and saved model version, by query. */
    private final Map<String, String> ids = new HashMap<>();
    private final Map<String, Integer> versions = new HashMap<>();

    private ScaleBench(Path root, Path work, ScaleLayout layout, String end, URI prometheus, int port) {
        this.root = root;
        this.work = work;
        this.layout = layout;
        this.end = end;
        this.prometheus = prometheus;
        this.port = port;
    }

    public static void main(String[] args) throws Exception {
        int series = DEFAULT_SERIES;
        boolean keep = false;
        for (String a : args) {
            if (a.equals("--keep")) {
                keep = true;
            } else if (a.matches("[0-9]+") && Integer.parseInt(a) > 0) {
                series = Integer.parseInt(a);
            } else {
                System.err.println("usage: ./selfheal bench scorer-scale [SERIES] [--keep]");
                System.exit(2);
            }
        }
        long started = System.nanoTime();
        Path root = JavaProcess.root();
        Path work = Files.createTempDirectory("selfheal-bench-scale-");
        long endSeconds = Instant.now().getEpochSecond() / ScaleValues.STEP_SECONDS * ScaleValues.STEP_SECONDS;
        ScaleLayout layout = new ScaleLayout(series);
        int promPort = freePort();
        Process stand = null;
        ScaleFigures figures;
        try {
            System.out.printf(Locale.ROOT, "== %d series of %d points at 15 s ending %s: %d templates of up to %d (bench_metric_T, "
                            + "label instance), %d trained, %d copies of them; %d fresh series trained during the load; "
                            + "each series asked by its own selector (bench_metric_7{instance=\"i-42\"}, as the receiver asks); "
                            + "work directory %s%n", series, ScaleValues.POINTS, Instant.ofEpochSecond(endSeconds),
                    (series + ScaleLayout.PER_TEMPLATE - 1) / ScaleLayout.PER_TEMPLATE, ScaleLayout.PER_TEMPLATE,
                    layout.sources().size(), series - layout.sources().size(), ScaleLayout.FRESH, work);
            stand = JavaProcess.start(ScalePrometheus.command(promPort, endSeconds, series), Map.of(),
                    work.resolve("prometheus.log"), URI.create("http://127.0.0.1:" + promPort
                            + "/api/v1/query_range?query=bench_metric_0&start=0&end=0&step=15"), Duration.ofSeconds(60));
            ScaleBench bench = new ScaleBench(root, work, layout, Instant.ofEpochSecond(endSeconds).toString(),
                    URI.create("http://127.0.0.1:" + promPort), freePort());
            figures = bench.run();
        } finally {
            JavaProcess.stop(stand);
            if (!keep) {
                delete(work);
            }
        }
        figures.misses().forEach(m -> System.out.println("missed: " + m));
        double minutes = (System.nanoTime() - started) / 60e9;
        System.out.printf(Locale.ROOT, "bench scorer-scale: %s in %.1f min%s (load average %s)%n",
                figures.ok() ? "targets met" : "TARGETS MISSED", minutes, minutes > 20 ? ", over the 20 minutes it should take"
                        : "", loadAverage());
        System.out.println(figures.line());
        System.exit(figures.ok() ? 0 : 1);
    }

    /** The phases' settings: big enough that every series stays in memory; the environment can change them. */
    static ScaleScorer.Settings benchSettings() {
        return new ScaleScorer.Settings(System.getenv().getOrDefault("SELFHEAL_BENCH_SCALE_HEAP", "1g"),
                System.getenv().getOrDefault("SELFHEAL_BENCH_SCALE_BUDGET", "1g"));
    }

    /** The launcher's: {@code SELFHEAL_SCORER_HEAP} (512m), the budget as set in the environment or the scorer's default. */
    static ScaleScorer.Settings defaultSettings() {
        return new ScaleScorer.Settings(System.getenv().getOrDefault("SELFHEAL_SCORER_HEAP", "512m"),
                System.getenv("SELFHEAL_SCORER_MEMORY_BUDGET"));
    }

    private ScaleFigures run() throws Exception {
        double trainS = train();
        List<ScaleLayout.Series> measured = copy();
        double[] restart = restart(measured);
        double[] last = defaults(measured);
        return new ScaleFigures(measured.size(), last[2], restart[1], trainS, restart[0], last[0], last[1], problems);
    }

    /** Phase 1: the sources trained; seconds from asking until all are READY (NaN when they are not in 15 minutes). */
    private double train() throws Exception {
        List<ScaleLayout.Series> sources = layout.sources();
        System.out.println("== 1. train the " + sources.size() + " sources (scorer " + benchSettings().describe() + ")");
        try (ScaleScorer scorer = ScaleScorer.start(root, work, port, prometheus, token, benchSettings())) {
            long t0 = System.nanoTime();
            java.util.concurrent.atomic.AtomicInteger refused = new java.util.concurrent.atomic.AtomicInteger();
            java.util.concurrent.ExecutorService asking = java.util.concurrent.Executors.newFixedThreadPool(EverySeries.CONCURRENCY);
            for (ScaleLayout.Series s : sources) {
                asking.execute(() -> {
                    try {
                        ScaleScorer.Answer a = scorer.train(s);
                        if (!a.ok()) {
                            refused.incrementAndGet();
                            System.out.println("  train " + s.query() + ": " + a.status() + " " + a.body());
                        }
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                });
            }
            asking.shutdown();
            if (!asking.awaitTermination(10, java.util.concurrent.TimeUnit.MINUTES)) {
                asking.shutdownNow();
            }
            System.out.printf(Locale.ROOT, "  %d asked, %d at a time, in %.1f s (%d refused); waiting for every one to be READY%n",
                    sources.size(), EverySeries.CONCURRENCY, (System.nanoTime() - t0) / 1e9, refused.get());
            Set<String> queries = sources.stream().map(ScaleLayout.Series::query).collect(Collectors.toSet());
            long deadline = t0 + Duration.ofMinutes(15).toNanos();
            long nextReport = t0;
            int ready = 0;
            while (System.nanoTime() < deadline && scorer.process.isAlive()) {
                ready = readSources(scorer.models().body(), queries);
                if (ready == sources.size()) {
                    break;
                }
                if (System.nanoTime() >= nextReport) {
                    System.out.printf(Locale.ROOT, "  %.0f s: %d of %d READY%n", (System.nanoTime() - t0) / 1e9, ready, sources.size());
                    nextReport += Duration.ofSeconds(30).toNanos();
                }
                Thread.sleep(1000);
            }
            double seconds = (System.nanoTime() - t0) / 1e9;
            String metrics = scorer.metrics();
            System.out.printf(Locale.ROOT, "  %d of %d READY after %.1f s; %s; %s%n", ready, sources.size(), seconds,
                    ScaleScorer.describe(scorer.rssMb(), metrics), gauges(metrics));
            if (ready < sources.size()) {
                problems.add("only " + ready + " of " + sources.size() + " sources were READY after training");
                return Double.NaN;
            }
            return seconds;
        }
    }

    /** Each source's id and version from {@code GET /api/v1/models}; how many are READY and not replaying. */
    private int readSources(JsonNode models, Set<String> queries) {
        int ready = 0;
        if (models == null) {
            return 0;
        }
        for (JsonNode m : models.path("models")) {
            String q = m.path("query").asText();
            if (queries.contains(q) && "READY".equals(m.path("status").asText()) && !m.path("replaying").asBoolean(false)) {
                ready++;
                ids.put(q, m.path("id").asText());
                versions.put(q, m.path("version").asInt());
            }
        }
        return ready;
    }

    /** Phase 2: the copies; the series measured from here on (the sources alone when the copies could not be made). */
    private List<ScaleLayout.Series> copy() throws Exception {
        int copies = layout.series() - layout.sources().size();
        if (copies == 0) {
            return layout.all();
        }
        System.out.println("== 2. copy the sources' saved states to the other " + copies + " series (" + Copies.TOOL
                + ", the scorer stopped)");
        Copies.Outcome o = Copies.run(root, work, layout, ids);
        System.out.printf(Locale.ROOT, "  %d of %d series copied in %.1f s%n", o.copied(), copies, o.seconds());
        if (o.problem() != null || o.copied() < copies) {
            problems.add("copies: " + (o.problem() != null ? o.problem() : o.copied() + " of " + copies + " made"));
            System.out.println("  " + problems.get(problems.size() - 1) + "; the phases below measure the "
                    + layout.sources().size() + " trained series only");
            return layout.sources();
        }
        return layout.all();
    }

    /** A series' saved model version: its source's. */
    private Integer expectedVersion(ScaleLayout.Series s) {
        return versions.get(layout.sourceOf(layout.index(s)).query());
    }

    /** Phase 3: {restart_ready_s, kb_per_model}. */
    private double[] restart(List<ScaleLayout.Series> measured) throws Exception {
        System.out.println("== 3. restart (" + benchSettings().describe() + "): every series asked, " + EverySeries.CONCURRENCY
                + " at a time, until it answers READY with its saved model version");
        try (ScaleScorer scorer = ScaleScorer.start(root, work, port, prometheus, token, benchSettings())) {
            Restart.Outcome o = Restart.measure(scorer, measured, this::expectedVersion, end, problems);
            return new double[] {o.readyS(), o.kbPerModel()};
        }
    }

    /** Phase 4, at the launcher's defaults: {cold_load_p99_ms, score_p99_ms, rss_mb}. */
    private double[] defaults(List<ScaleLayout.Series> measured) throws Exception {
        System.out.println("== 4. restart at the launcher's defaults (" + defaultSettings().describe() + ")");
        try (ScaleScorer scorer = ScaleScorer.start(root, work, port, prometheus, token, defaultSettings())) {
            double cold = ColdLoads.measure(scorer, measured, end, this::expectedVersion, problems);
            System.out.printf(Locale.ROOT, "  score load: %d requests/s for %d s over all %d series on %d connections, "
                            + "after one unmeasured request per series; %d fresh series asked to train as it starts%n",
                    ScoreLoad.RATE, ScoreLoad.SECONDS, measured.size(), ScoreLoad.CONNECTIONS, ScaleLayout.FRESH);
            String before = scorer.metrics();
            ScoreLoad.Outcome load = ScoreLoad.run(scorer, port, token, work, measured, layout.fresh(), end);
            double p99 = figure(load.summary(), "p99_ms");
            if (figure(load.summary(), "errors") > 0) {
                problems.add("score load: " + load.summary());
            }
            String after = scorer.metrics();
            double loads = ScaleMetrics.count(after, ScaleMetrics.LOAD) - ScaleMetrics.count(before, ScaleMetrics.LOAD);
            System.out.printf(Locale.ROOT, "  series brought back from disk during the load: %s; fresh series: %d accepted, %s%n",
                    Double.isNaN(loads) ? "not published (" + ScaleMetrics.LOAD + "_count)" : number(loads),
                    load.trainsAsked(), ScoreLoad.awaitFresh(scorer, layout.fresh(), load.trainsAskedAtNanos()));
            double rss = scorer.rssMb();
            String finalMetrics = scorer.metrics();
            System.out.printf(Locale.ROOT, "  at the end (rss_mb, no GC asked): %s; %s%n", ScaleScorer.describe(rss, finalMetrics), gauges(finalMetrics));
            return new double[] {cold, p99, rss};
        }
    }

    static String gauges(String metrics) {
        double resident = ScaleMetrics.labelled(metrics, ScaleMetrics.SERIES, "state", "resident");
        double stored = ScaleMetrics.labelled(metrics, ScaleMetrics.SERIES, "state", "stored");
        return Double.isNaN(resident) && Double.isNaN(stored) ? "no " + ScaleMetrics.SERIES + " gauge"
                : "series resident " + number(resident) + ", stored " + number(stored);
    }

    static double figure(String summary, String name) {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("(?:^| )" + name + "=([0-9.]+)").matcher(summary);
        return m.find() ? Double.parseDouble(m.group(1)) : Double.NaN;
    }

    static String number(double v) {
        return ScaleFigures.number(v);
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    private static String loadAverage() {
        try {
            String[] f = Files.readString(Path.of("/proc/loadavg")).split(" ");
            return f[0] + " " + f[1] + " " + f[2];
        } catch (IOException e) {
            return "?";
        }
    }

    private static void delete(Path dir) throws IOException {
        try (var files = Files.walk(dir)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }
}
