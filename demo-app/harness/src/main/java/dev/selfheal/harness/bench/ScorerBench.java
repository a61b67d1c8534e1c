package dev.selfheal.harness.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code ./selfheal bench scorer}: the scorer's figures on its served path. In process (the
 * scorer's own {@code bench/InProcessBench}, a process of its own on the scorer's class path):
 * one point through a replayed detector, replaying 10,000 points, training. Over HTTP: the query
 * form at 500 requests/s against a {@link TrainedScorer}, from a load generator in its own process
 * ({@link HttpLoad}), the same load against the stand-in Prometheus' bare answer (the machine's
 * floor), then 200,000 scores as fast as they go with the scorer's RSS after each 100,000. The last
 * line is the in-process line followed by {@code http_p99_ms= http_rps= floor_p99_ms= rss_mb=}.
 *
 * <p>{@code ./selfheal bench soak [MINUTES] [ALERTS_PER_S]} runs the receiver's soak
 * ({@link IntakeBench}) with a trained scorer under load beside it.
 */
public final class ScorerBench {

    private static final Pattern P99 = Pattern.compile("(?:^| )p99_ms=([0-9.]+)");
    private static final Pattern RPS = Pattern.compile("(?:^| )rps=([0-9.]+)");

    private ScorerBench() {
    }

    public static void main(String[] args) throws Exception {
        Path root = JavaProcess.root();
        Path work = Files.createTempDirectory("selfheal-bench-scorer-");
        int port = Integer.parseInt(System.getenv().getOrDefault("SELFHEAL_BENCH_PORT", "18581"));
        if (args.length > 0 && args[0].equals("soak")) {
            soak(root, work, port, args.length > 1 ? Integer.parseInt(args[1]) : 10,
                    args.length > 2 ? Integer.parseInt(args[2]) : 1000);
            System.exit(0);
        }
        System.out.println("== in process (one thread)");
        List<String> command = new ArrayList<>(List.of(JavaProcess.java()));
        command.addAll(TrainedScorer.djlOptions());
        command.addAll(List.of("-cp", TrainedScorer.classpath(root), "dev.selfheal.scorer.bench.InProcessBench"));
        List<String> inProcess = tee(command, Map.of());
        if (inProcess.isEmpty()) {
            throw new IllegalStateException("the in-process bench printed nothing");
        }
        System.out.println("== over HTTP (scorer on 127.0.0.1:" + port + ", load generator in its own process)");
        try (TrainedScorer scorer = TrainedScorer.start(root, work, port)) {
            long rss0 = Math.round(JavaProcess.rssMb(scorer.scorer.pid()));
            Map<String, String> auth = Map.of("SELFHEAL_SCORER_TOKEN", scorer.token());
            System.out.println("fixed offered rate: 500 req/s for 20 s over 8 keep-alive connections (latency from each "
                    + "request's due time),");
            System.out.println("after 30,000 unmeasured requests as fast as they go in the same generator (the JIT "
                    + "compiles both sides first)");
            String rate = last(tee(load(scorer.score().toString(), scorer.window, "500", "10000", "8", "30000"), auth));
            System.out.println("the machine's floor: the same load against the stand-in Prometheus (a bare Vert.x answer "
                    + "of one point)");
            Path empty = Files.writeString(work.resolve("empty.json"), "{}");
            String floor = last(tee(load(scorer.floor().toString(), empty, "500", "10000", "8", "30000"), Map.of()));
            System.out.println("100,000 scores as fast as 2 connections go, then RSS");
            tee(load(scorer.score().toString(), scorer.window, "0", "100000", "2"), auth);
            long rss1 = Math.round(JavaProcess.rssMb(scorer.scorer.pid()));
            System.out.println("another 100,000 scores: native memory that grew per score would show here");
            tee(load(scorer.score().toString(), scorer.window, "0", "100000", "2"), auth);
            long rss2 = Math.round(JavaProcess.rssMb(scorer.scorer.pid()));
            System.out.printf("scorer RSS: %d MB after warm-up of the model, %d MB after 100k more scores, %d MB after 200k%n",
                    rss0, rss1, rss2);
            System.out.println(line(last(inProcess), rate, floor, rss1));
        }
        System.exit(0);
    }

    /** The last line: the in-process figures, then the HTTP ones read from the load generator's summaries. */
    static String line(String inProcess, String rate, String floor, long rssMb) {
        return inProcess.strip() + " http_p99_ms=" + figure(P99, rate).orElse("NaN") + " http_rps="
                + figure(RPS, rate).orElse("NaN") + " floor_p99_ms=" + figure(P99, floor).orElse("NaN") + " rss_mb=" + rssMb;
    }

    static Optional<String> figure(Pattern p, String summary) {
        Matcher m = p.matcher(summary);
        return m.find() ? Optional.of(m.group(1)) : Optional.empty();
    }

    private static void soak(Path root, Path work, int port, int minutes, int alertsPerSecond) throws Exception {
        try (TrainedScorer scorer = TrainedScorer.start(root, work, port)) {
            new IntakeBench(root, work).soak(minutes, alertsPerSecond, new IntakeBench.ScorerLoad(scorer.score(),
                    scorer.scorer.pid(), Files.readAllBytes(scorer.window), scorer.authorization()));
        }
    }

    private static List<String> load(String url, Path body, String... args) {
        List<String> all = new ArrayList<>(List.of(url, body.toString()));
        all.addAll(List.of(args));
        return JavaProcess.harnessMain(HttpLoad.class, all.toArray(String[]::new));
    }

    /** Runs a program, printing its output as it comes; its lines. */
    static List<String> tee(List<String> command, Map<String, String> env) throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
        pb.environment().putAll(env);
        Process p = pb.start();
        List<String> lines = new ArrayList<>();
        try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            for (String l = r.readLine(); l != null; l = r.readLine()) {
                System.out.println(l);
                lines.add(l);
            }
        } finally {
            p.waitFor();
        }
        return lines;
    }

    private static String last(List<String> lines) {
        return lines.isEmpty() ? "" : lines.get(lines.size() - 1);
    }
}
