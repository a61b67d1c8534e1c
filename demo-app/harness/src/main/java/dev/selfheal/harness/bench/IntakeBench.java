package dev.selfheal.harness.bench;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Stream;

/**
 * {@code ./selfheal bench intake}: realistic webhooks (1 to 100 alerts each) over loopback against
 * the receiver on H2, on PostgreSQL, and against a bare endpoint that the harness starts itself
 * ({@code demo-app/bare-endpoint}: the receiver's HTTP stack, Quarkus REST, with one endpoint that
 * reads the body and answers, nothing else; the ceiling). Per configuration: a closed-loop run for throughput (alerts
 * durably accepted per second; the receiver's own counter is checked against what got a 2xx),
 * rising offered rates with latency measured from each request's due time, and, on H2, the p99 of
 * 100-alert webhooks at a steady rate. The last line is key=value.
 */
public final class IntakeBench {

    static final int PORT = 18190;
    static final int CONNECTIONS = 8;
    static final String TOKEN = "bench-token-0123456789abcdef";
    static final String AUTH = "Authorization: Bearer " + TOKEN + "\r\n";

    private final Path root;
    private final Path work;

    IntakeBench(Path root, Path work) {
        this.root = root;
        this.work = work;
    }

    public static void main(String[] args) throws Exception {
        Path root = JavaProcess.root();
        Path work = Files.createTempDirectory("selfheal-bench-intake-");
        IntakeBench bench = new IntakeBench(root, work);
        System.out.println("bench intake: receiver on 127.0.0.1:" + PORT + ", " + CONNECTIONS
                + " keep-alive connections, logs in " + work);
        // ./selfheal bench intake [bare] [h2] [pg]: only those configurations (the others print NaN)
        java.util.Set<String> only = java.util.Set.of(args);
        java.util.function.Predicate<String> wanted = name -> only.isEmpty() || only.contains(name);
        double bare = wanted.test("bare") ? bench.configuration("bare", Map.of(), "/bench/bare", false) : Double.NaN;
        // the journal's fsync on (the default: a 2xx survives a power cut) and off, side by side
        double h2 = wanted.test("h2") ? bench.configuration("h2", Map.of("SELFHEAL_WEBHOOK_JOURNAL_FSYNC", "true"),
                "/api/v1/alerts", true) : Double.NaN;
        double p99Fsync = bench.p99Of100;
        double h2NoFsync = wanted.test("h2") ? bench.configuration("h2 without fsync",
                Map.of("SELFHEAL_WEBHOOK_JOURNAL_FSYNC", "false"), "/api/v1/alerts", true) : Double.NaN;
        double p99NoFsync = bench.p99Of100;
        bench.p99Of100 = p99Fsync;
        double pg = wanted.test("pg") && bench.postgresReachable() ? bench.configuration("pg", Map.of(
                "QUARKUS_DATASOURCE_JDBC_URL", "jdbc:postgresql://127.0.0.1:5432/test?currentSchema=selfheal_bench",
                "QUARKUS_DATASOURCE_USERNAME", "postgres", "QUARKUS_FLYWAY_SCHEMAS", "selfheal_bench",
                "QUARKUS_FLYWAY_CLEAN_DISABLED", "false", "QUARKUS_FLYWAY_CLEAN_AT_START", "true"),
                "/api/v1/alerts", false) : Double.NaN;
        System.out.println();
        System.out.printf(Locale.ROOT, "journal fsync on (default): %.0f alerts/s, p99 %.1f ms, %.2f x bare; "
                + "fsync off: %.0f alerts/s, p99 %.1f ms, %.2f x bare%n", h2, p99Fsync, h2 / bare, h2NoFsync, p99NoFsync,
                h2NoFsync / bare);
        System.out.printf(Locale.ROOT, "alerts_per_s_h2=%.0f alerts_per_s_pg=%.0f p99_ms_100_alerts=%.1f ratio_vs_bare=%.2f%n",
                h2, pg, bench.p99Of100, h2 / bare);
    }

    private double p99Of100 = Double.NaN;

    boolean postgresReachable() {
        try (java.net.Socket s = new java.net.Socket()) {
            s.connect(new java.net.InetSocketAddress("127.0.0.1", 5432), 1000);
            return true;
        } catch (IOException e) {
            System.out.println("PostgreSQL is not reachable on 127.0.0.1:5432: the pg figures are skipped");
            return false;
        }
    }

    /**
     * {@code ./selfheal bench soak [MINUTES] [ALERTS_PER_S]}: the receiver on H2 at a steady rate,
     * its RSS and the p99 printed every 30 s, so a leak shows as a rising curve.
     */
    void soak(int minutes, int alertsPerSecond, ScorerLoad scorer) throws Exception {
        Process receiver = startReceiver("soak", Map.of());
        try {
            URI uri = URI.create("http://127.0.0.1:" + PORT + "/api/v1/alerts");
            double meanAlerts = 17.5;
            int rate = (int) Math.max(1, Math.round(alertsPerSecond / meanAlerts));
            System.out.printf(Locale.ROOT, "soak: %d min at about %d alerts/s (%d webhooks/s of 1-100 alerts), H2%s%n",
                    minutes, alertsPerSecond, rate, scorer == null ? "" : "; the scorer at " + ScorerLoad.RATE
                            + " scores/s beside it");
            System.out.println("  minute  alerts/s  p99_ms  errors  receiver_rss_mb  live_heap_mb"
                    + (scorer == null ? "" : "  scores/s  scorer_p99_ms  scorer_errors  scorer_rss_mb  live_heap_mb"));
            int chunks = minutes * 2;
            double[] first = {Double.NaN, Double.NaN};
            double[] last = {Double.NaN, Double.NaN};
            for (int c = 0; c < chunks; c++) {
                WebhookBodies bodies = new WebhookBodies(rate * 30, 100 + c, 0);
                CompletableFuture<HttpLoad.Result> scores = scorer == null ? null
                        : CompletableFuture.supplyAsync(scorer::thirtySeconds);
                HttpLoad.Result r = HttpLoad.run(uri, bodies::body, AUTH, rate, rate * 30, CONNECTIONS);
                HttpLoad.Result s = scores == null ? null : scores.join();
                double[] rss = {JavaProcess.rssMb(receiver.pid()), scorer == null ? Double.NaN : JavaProcess.rssMb(scorer.pid())};
                if (c == 1) {
                    first = rss;
                }
                last = rss;
                System.out.printf(Locale.ROOT, "  %6.1f  %8.0f  %6.1f  %6d  %15.0f  %12.0f%s%n", (c + 1) / 2.0,
                        bodies.totalAlerts(r.ok()) / r.seconds(), r.percentileMs(0.99), r.errors(), rss[0],
                        liveHeapMb(receiver.pid(), URI.create("http://127.0.0.1:" + PORT + "/q/metrics")),
                        s == null ? "" : String.format(Locale.ROOT, "  %8.0f  %13.2f  %13d  %13.0f  %12.0f",
                                s.requests() / s.seconds(), s.percentileMs(0.99), s.errors(), rss[1],
                                liveHeapMb(scorer.pid(), scorer.uri().resolve("/q/metrics"))));
            }
            System.out.printf(Locale.ROOT, "soak_minutes=%d receiver_rss_mb_at_1min=%.0f receiver_rss_mb_end=%.0f%s%n",
                    minutes, first[0], last[0], scorer == null ? "" : String.format(Locale.ROOT,
                            " scorer_rss_mb_at_1min=%.0f scorer_rss_mb_end=%.0f", first[1], last[1]));
        } finally {
            JavaProcess.stop(receiver);
        }
    }

    /** The scorer half of the soak: a fixed rate of score requests for one window of a trained series. */
    record ScorerLoad(URI uri, long pid, byte[] body, String authorization) {
        static final int RATE = 100;

        HttpLoad.Result thirtySeconds() {
            try {
                return HttpLoad.run(uri, i -> body, authorization, RATE, RATE * 30, 2);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
    }

    /**
     * The live heap: a full collection is asked for ({@code jcmd PID GC.run}), then the heap in
     * use is read from the process's metrics. Unlike the RSS, which follows the heap's sizing, it
     * grows only with what the process keeps. NaN when it cannot be read.
     */
    static double liveHeapMb(long pid, URI metrics) {
        try {
            String jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd").toString();
            new ProcessBuilder(jcmd, String.valueOf(pid), "GC.run").redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).start().waitFor();
            HttpResponse<Stream<String>> answer = HttpClient.newHttpClient()
                    .send(HttpRequest.newBuilder(metrics).header("Authorization", "Bearer " + TOKEN).build(),
                            HttpResponse.BodyHandlers.ofLines());
            return answer.body().filter(l -> l.startsWith("jvm_memory_used_bytes{") && l.contains("area=\"heap\""))
                    .mapToDouble(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1)) / 1048576).sum();
        } catch (IOException | RuntimeException e) {
            return Double.NaN;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Double.NaN;
        }
    }

    private Process startReceiver(String name, Map<String, String> env) throws Exception {
        if (name.equals("bare")) {
            return JavaProcess.start(List.of(JavaProcess.java(), "-Xmx512m", "-jar",
                            root.resolve("demo-app/bare-endpoint/target/quarkus-app/quarkus-run.jar").toString()),
                    Map.of("QUARKUS_HTTP_PORT", String.valueOf(PORT)), work.resolve("bare.log"),
                    URI.create("http://127.0.0.1:" + PORT + "/q/health/ready"), java.time.Duration.ofSeconds(60));
        }
        Path data = Files.createDirectories(work.resolve(name));
        Files.writeString(data.resolve("playbooks.yml"), "playbooks: []\n");
        Map<String, String> all = new LinkedHashMap<>(env);
        all.put("SELFHEAL_DATA_DIR", data.toString());
        all.put("SELFHEAL_WEBHOOK_TOKEN", TOKEN);
        all.put("SELFHEAL_PLAYBOOKS", data.resolve("playbooks.yml").toString());
        all.put("QUARKUS_LOG_LEVEL", "WARN");
        return ReceiverProcess.start(root, work.resolve(name + ".log"), PORT, all);
    }

    /** One configuration: start the receiver, measure, stop it; the closed-loop alerts per second. */
    double configuration(String name, Map<String, String> env, String path, boolean latency) throws Exception {
        Process receiver = startReceiver(name, env);
        try {
            URI uri = URI.create("http://127.0.0.1:" + PORT + path);
            System.out.println();
            System.out.println("== " + name + (name.equals("bare") ? " (reads the body only: the ceiling)" : ""));
            run(uri, 2_000, 0, 0, 7, "warm-up");
            settle();
            double recordedBefore = metric("selfheal_alerts_recorded_total");
            long loopStart = System.nanoTime();
            double perSecond = run(uri, 8_000, 0, 0, 11, "closed loop");
            double drainedAfter = settle();
            if (drainedAfter > 0) {
                double seconds = (System.nanoTime() - loopStart) / 1e9;
                System.out.printf(Locale.ROOT, "  the journal's backlog was recorded as episodes %.1f s after the loop: %.0f "
                        + "alerts/s recorded over loop and backlog%n", drainedAfter,
                        (metric("selfheal_alerts_recorded_total") - recordedBefore) / seconds);
            }
            for (int rate : List.of(100, 200, 400, 800)) {
                run(uri, rate * 5, rate, 0, rate, "offered " + rate + " webhooks/s");
                double late = settle();
                if (late > 0.5) {
                    System.out.printf(Locale.ROOT, "    (its episodes recorded %.1f s after its last webhook)%n", late);
                }
            }
            if (latency) {
                HttpLoad.Result r = HttpLoad.run(uri, new WebhookBodies(300, 5, 100)::body, AUTH, 20, 300, CONNECTIONS);
                p99Of100 = r.percentileMs(0.99);
                System.out.printf(Locale.ROOT, "  100-alert webhooks at 20/s (2,000 alerts/s): p50 %.1f ms, p99 %.1f ms%n",
                        r.percentileMs(0.5), p99Of100);
            }
            if (!name.equals("bare")) {
                System.out.printf(Locale.ROOT, "  the receiver counted %.0f alerts received; every 2xx was durable (in the journal or committed) before it was sent%n",
                        metric("selfheal_alerts_received_total"));
            }
            return perSecond;
        } finally {
            JavaProcess.stop(receiver);
        }
    }

    private double run(URI uri, int requests, int rate, int fixedSize, long seed, String what) throws InterruptedException {
        WebhookBodies bodies = new WebhookBodies(requests, seed, fixedSize);
        HttpLoad.Result r = HttpLoad.run(uri, bodies::body, AUTH, rate, requests, CONNECTIONS);
        long alerts = bodies.totalAlerts(r.ok());
        double perSecond = alerts / r.seconds();
        System.out.printf(Locale.ROOT, "  %-26s %6d webhooks, %7d alerts in %5.1f s: %8.0f alerts/s, %6.0f webhooks/s, "
                        + "p50 %6.1f ms, p99 %7.1f ms, errors %d%n", what, r.requests(), alerts, r.seconds(), perSecond,
                r.requests() / r.seconds(), r.percentileMs(0.5), r.percentileMs(0.99), r.errors());
        return perSecond;
    }

    /**
     * Waits until the receiver has recorded every journaled webhook as episodes (the intake
     * journal's backlog is 0; always so without a journal), so that each phase starts from a
     * settled receiver. The seconds it waited; 0 when nothing waited.
     */
    private double settle() throws InterruptedException {
        long start = System.nanoTime();
        if (metric("selfheal_intake_journal_backlog_bytes") <= 0) {
            return 0;
        }
        while (metric("selfheal_intake_journal_backlog_bytes") > 0 && System.nanoTime() - start < 300_000_000_000L) {
            Thread.sleep(50);
        }
        return (System.nanoTime() - start) / 1e9;
    }

    /** HTTP/1.1 (no h2c upgrade) and a timeout: a metrics read once hung for good here without them. */
    private static final HttpClient METRICS = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(java.time.Duration.ofSeconds(5)).build();

    private double metric(String name) {
        for (int attempt = 1; ; attempt++) {
            try {
                return metricOnce(name);
            } catch (java.net.http.HttpTimeoutException e) {
                if (attempt == 3) {
                    throw new IllegalStateException("the receiver's /q/metrics did not answer three times", e);
                }
            }
        }
    }

    private double metricOnce(String name) throws java.net.http.HttpTimeoutException {
        try {
            String body = METRICS.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + PORT + "/q/metrics"))
                    .timeout(java.time.Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString()).body();
            return JavaProcess.metricSum(body, name);
        } catch (java.net.http.HttpTimeoutException e) {
            throw e;
        } catch (IOException e) {
            return 0;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 0;
        }
    }

}
