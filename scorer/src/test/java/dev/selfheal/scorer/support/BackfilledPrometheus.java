package dev.selfheal.scorer.support;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.io.IOException;
import java.io.InputStream;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The real Prometheus 2.42 holding a NAB file as the gauge {@value #GAUGE}, backfilled with
 * {@code promtool tsdb create-blocks-from openmetrics} (the file's values at its timestamps, read
 * as UTC) and started with a retention long enough for data from 2014. The scorer's lookback is
 * set to cover the whole file.
 */
public class BackfilledPrometheus implements QuarkusTestResourceLifecycleManager {

    public static final String GAUGE = "nab_value";
    public static final String FILE = "nab/ec2_cpu_utilization_fe7f93.csv";
    private static final DateTimeFormatter NAB = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");

    private Process prometheus;

    /** The file's rows: epoch seconds and values. */
    public record Rows(List<Long> seconds, List<String> timestamps, double[] values) {
    }

    public static Rows rows() throws IOException {
        List<Long> seconds = new ArrayList<>();
        List<String> stamps = new ArrayList<>();
        List<Double> values = new ArrayList<>();
        try (InputStream in = BackfilledPrometheus.class.getClassLoader().getResourceAsStream(FILE)) {
            String[] lines = new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n");
            for (int i = 1; i < lines.length; i++) {
                if (lines[i].isBlank()) {
                    continue;
                }
                String[] cells = lines[i].strip().split(",");
                stamps.add(cells[0]);
                seconds.add(LocalDateTime.parse(cells[0], NAB).toEpochSecond(ZoneOffset.UTC));
                values.add(Double.parseDouble(cells[1]));
            }
        }
        return new Rows(seconds, stamps, values.stream().mapToDouble(Double::doubleValue).toArray());
    }

    @Override
    public Map<String, String> start() {
        try {
            Rows rows = rows();
            Path dir = Files.createTempDirectory("selfheal-backfill");
            StringBuilder om = new StringBuilder("# TYPE " + GAUGE + " gauge\n");
            for (int i = 0; i < rows.values().length; i++) {
                om.append(GAUGE).append("{file=\"ec2_cpu_utilization_fe7f93\"} ").append(rows.values()[i]).append(' ')
                        .append(rows.seconds().get(i)).append('\n');
            }
            om.append("# EOF\n");
            Path input = Files.writeString(dir.resolve("history.om"), om);
            Path tsdb = dir.resolve("tsdb");
            Process promtool = new ProcessBuilder(RealPrometheus.binary("promtool"), "tsdb", "create-blocks-from",
                    "openmetrics", input.toString(), tsdb.toString()).redirectErrorStream(true)
                    .redirectOutput(dir.resolve("promtool.log").toFile()).start();
            if (!promtool.waitFor(120, TimeUnit.SECONDS) || promtool.exitValue() != 0) {
                throw new IllegalStateException("promtool failed: " + Files.readString(dir.resolve("promtool.log")));
            }
            Path config = Files.writeString(dir.resolve("prometheus.yml"), "global:\n  scrape_interval: 1m\n");
            int port;
            try (ServerSocket s = new ServerSocket(0)) {
                port = s.getLocalPort();
            }
            prometheus = new ProcessBuilder(RealPrometheus.binary(), "--config.file=" + config,
                    "--storage.tsdb.path=" + tsdb, "--storage.tsdb.retention.time=100y",
                    "--web.listen-address=127.0.0.1:" + port, "--log.level=warn")
                    .redirectErrorStream(true).redirectOutput(dir.resolve("prometheus.log").toFile()).start();
            String url = "http://127.0.0.1:" + port;
            RealPrometheus.waitReady(url);
            return Map.of("selfheal.prometheus-url", url, "selfheal.training.lookback", "60d");
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void stop() {
        if (prometheus != null) {
            prometheus.destroy();
        }
    }
}
