package dev.selfheal.harness.bench;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Starts the packaged receiver on 127.0.0.1 for the bench and chaos drivers, and waits until it is ready. */
public final class ReceiverProcess {

    private ReceiverProcess() {
    }

    /**
     * Extra JVM options for the receiver (a profiler, another collector) come from
     * {@code SELFHEAL_BENCH_RECEIVER_OPTS}.
     *
     * @param env  the receiver's settings (port and host are added); its log is appended to {@code log}
     */
    public static Process start(Path root, Path log, int port, Map<String, String> env) throws Exception {
        List<String> command = new ArrayList<>(List.of(JavaProcess.java(), "-Xmx512m"));
        String extra = System.getenv("SELFHEAL_BENCH_RECEIVER_OPTS");
        if (extra != null && !extra.isBlank()) {
            command.addAll(List.of(extra.trim().split("\\s+")));
        }
        command.addAll(List.of("-jar", root.resolve("receiver/target/quarkus-app/quarkus-run.jar").toString()));
        Map<String, String> all = new HashMap<>(env);
        all.put("QUARKUS_HTTP_HOST", "127.0.0.1");
        all.put("QUARKUS_HTTP_PORT", String.valueOf(port));
        return JavaProcess.start(command, all, log, URI.create("http://127.0.0.1:" + port + "/q/health/ready"),
                Duration.ofSeconds(60));
    }
}
