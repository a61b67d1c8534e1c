package dev.selfheal.scorer.offline;

import dev.selfheal.scorer.detector.EventDetector;
import dev.selfheal.scorer.detector.TrainingPlan;
import dev.selfheal.scorer.model.ModelSettings;
import dev.selfheal.scorer.model.ModelTrainer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

/**
 * {@code ./selfheal score-csv INPUT... --output DIR [--detector selfheal|seed-baseline] [--threads N]}:
 * writes DIR/&lt;name&gt;.csv with timestamp,value,anomaly_score,anomalous (0 or 1) for every input CSV,
 * in one JVM; {@code --components} adds the largest component ratio and the model version. The
 * detector is the service's, with the service's settings ({@code SELFHEAL_TRAINING_EPOCHS},
 * {@code SELFHEAL_TRAINING_FIRST_AFTER}, {@code SELFHEAL_TRAINING_RETRAIN_EVERY} when set).
 */
public final class ScoreCsvMain {

    private ScoreCsvMain() {
    }

    public static void main(String[] args) throws Exception {
        List<Path> inputs = new ArrayList<>();
        Path output = null;
        String detectorName = "selfheal";
        int threads = Runtime.getRuntime().availableProcessors();
        boolean components = false;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--output", "-o" -> output = Path.of(args[++i]);
                case "--detector" -> detectorName = args[++i];
                case "--threads" -> threads = Integer.parseInt(args[++i]);
                case "--components" -> components = true;
                default -> inputs.add(Path.of(args[i]));
            }
        }
        if (output == null || inputs.isEmpty()) {
            System.err.println("usage: score-csv INPUT... --output DIR [--detector selfheal|seed-baseline] [--threads N]");
            System.exit(2);
        }
        List<Path> files = new ArrayList<>();
        for (Path input : inputs) {
            files.addAll(csvFiles(input));
        }
        if (files.isEmpty()) {
            System.err.println("no CSV files found in " + inputs);
            System.exit(2);
        }
        Files.createDirectories(output);
        Detector detector = detector(detectorName);
        long started = System.nanoTime();
        AtomicInteger done = new AtomicInteger();
        AtomicInteger rows = new AtomicInteger();
        AtomicInteger failed = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(threads, r -> {
            Thread t = new Thread(r, "score-csv");
            t.setDaemon(true);
            return t;
        });
        List<Future<?>> results = new ArrayList<>();
        Path out = output;
        boolean withComponents = components;
        for (Path file : files) {
            results.add(pool.submit(() -> {
                long t0 = System.nanoTime();
                CsvSeries series;
                try {
                    series = CsvSeries.read(file);
                    Path target = out.resolve(series.name() + ".csv");
                    if (detector instanceof StreamScorer stream) {
                        double[][] all = stream.scoreWithComponents(series.values());
                        series.writeScores(target, withComponents ? all : new double[][] {all[0], all[1]});
                    } else {
                        double[] scores = detector.score(series.values());
                        double[] anomalous = new double[scores.length];
                        for (int r = 0; r < scores.length; r++) {
                            anomalous[r] = scores[r] >= EventDetector.THRESHOLD ? 1 : 0;
                        }
                        series.writeScores(target, new double[][] {scores, anomalous});
                    }
                } catch (IOException | RuntimeException e) {
                    System.err.printf(Locale.ROOT, "[%d/%d] %s: FAILED: %s%n", done.incrementAndGet(), files.size(),
                            file, e);
                    failed.incrementAndGet();
                    return null;
                }
                rows.addAndGet(series.values().length);
                System.err.printf(Locale.ROOT, "[%d/%d] %s: %d rows in %.1f s%n", done.incrementAndGet(), files.size(),
                        series.name(), series.values().length, (System.nanoTime() - t0) / 1e9);
                return null;
            }));
        }
        for (Future<?> f : results) {
            f.get();
        }
        pool.shutdown();
        double seconds = (System.nanoTime() - started) / 1e9;
        System.out.printf(Locale.ROOT, "files=%d failed=%d rows=%d seconds=%.1f detector=%s output=%s%n",
                files.size(), failed.get(), rows.get(), seconds, detectorName, output);
        System.exit(failed.get() == 0 ? 0 : 1);
    }

    static Detector detector(String name) {
        return switch (name) {
            case "selfheal" -> new StreamScorer(new ModelTrainer(Clock.systemUTC()),
                    ModelSettings.DEFAULT.withEpochs(envInt("SELFHEAL_TRAINING_EPOCHS", ModelSettings.DEFAULT.epochs())),
                    new TrainingPlan(envInt("SELFHEAL_TRAINING_FIRST_AFTER", TrainingPlan.FIRST_AFTER),
                            envInt("SELFHEAL_TRAINING_RETRAIN_EVERY", TrainingPlan.RETRAIN_EVERY)));
            case "seed-baseline" -> new SeedBaseline();
            default -> throw new IllegalArgumentException("unknown detector " + name + " (selfheal, seed-baseline)");
        };
    }

    /** The service's own setting when it is set, so score-csv replays exactly what the service serves. */
    static int envInt(String name, int fallback) {
        String v = System.getenv(name);
        return v == null || v.isBlank() ? fallback : Integer.parseInt(v.strip());
    }

    static List<Path> csvFiles(Path input) throws IOException {
        if (Files.isDirectory(input)) {
            try (Stream<Path> walk = Files.walk(input)) {
                return walk.filter(p -> p.toString().endsWith(".csv") && Files.isRegularFile(p)).sorted().toList();
            }
        }
        if (!Files.isRegularFile(input)) {
            throw new IOException("no such file or directory: " + input);
        }
        return List.of(input);
    }
}
