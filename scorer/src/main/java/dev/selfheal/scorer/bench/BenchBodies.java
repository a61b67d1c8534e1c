package dev.selfheal.scorer.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/** Writes the bench's request bodies: a 2,000-point history to train on and a 256-point window. */
public final class BenchBodies {

    private BenchBodies() {
    }

    static String body(double[] values, int from, int to) {
        StringBuilder b = new StringBuilder("{\"series\":[{\"labels\":{\"bench\":\"http\"},\"values\":[");
        for (int i = from; i < to; i++) {
            b.append(i == from ? "" : ",").append(String.format(Locale.ROOT, "[%d,\"%.4f\"]", 1_800_000_000L + 15L * i,
                    values[i]));
        }
        return b.append("]}]}").toString();
    }

    public static void main(String[] args) throws IOException {
        Path dir = Path.of(args[0]);
        double[] values = InProcessBench.series(2_300, 5);
        Files.writeString(dir.resolve("train.json"), body(values, 0, 2_000));
        Files.writeString(dir.resolve("window.json"), body(values, 2_000 - 256 + 300, 2_300));
    }
}
