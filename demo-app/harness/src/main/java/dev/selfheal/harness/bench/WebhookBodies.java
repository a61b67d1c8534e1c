package dev.selfheal.harness.bench;

import java.nio.charset.StandardCharsets;
import java.util.Random;

/**
 * Realistic Alertmanager 0.25 webhook bodies, shaped like the captured fixtures: 1 to 100 alerts
 * each (half small, a third medium, the rest up to 100), varied labels, every alert a new
 * episode (unique fingerprints per run), one in ten resolved.
 */
public final class WebhookBodies {

    private static final String[] ALERTS = {"HighErrorRate", "HighLatencyP95", "TargetDown", "Saturation", "DiskFull"};
    private static final String[] SEVERITIES = {"critical", "warning", "info"};

    private final int[] sizes;
    private final String salt;

    public WebhookBodies(int count, long seed, int fixedSize) {
        Random random = new Random(seed);
        this.salt = Long.toHexString(System.nanoTime());
        this.sizes = new int[count];
        for (int i = 0; i < count; i++) {
            int bucket = random.nextInt(100);
            sizes[i] = fixedSize > 0 ? fixedSize : bucket < 50 ? 1 + random.nextInt(5)
                    : bucket < 85 ? 6 + random.nextInt(25) : 31 + random.nextInt(70);
        }
    }

    public int alerts(int i) {
        return sizes[i];
    }

    public long totalAlerts(boolean[] ok) {
        long n = 0;
        for (int i = 0; i < sizes.length; i++) {
            n += ok[i] ? sizes[i] : 0;
        }
        return n;
    }

    /** The labels {@link #body} writes for alert {@code a} of webhook {@code i}, in the same order. */
    private static java.util.SortedMap<String, String> labels(String alertname, int i, int a, String fp) {
        java.util.SortedMap<String, String> labels = new java.util.TreeMap<>();
        labels.put("alertname", alertname);
        labels.put("job", "svc-" + (i % 37));
        labels.put("instance", "10.0." + (a % 250) + "." + (i % 250) + ":9100");
        labels.put("namespace", "ns-" + (i % 11));
        labels.put("pod", "api-" + fp);
        labels.put("severity", SEVERITIES[a % 3]);
        return labels;
    }

    public byte[] body(int i) {
        StringBuilder b = new StringBuilder(600 * sizes[i] + 400);
        String alertname = ALERTS[i % ALERTS.length];
        b.append("{\"receiver\":\"selfheal\",\"status\":\"firing\",\"alerts\":[");
        for (int a = 0; a < sizes[i]; a++) {
            boolean resolved = (i + a) % 10 == 0;
            String fp = salt + "-" + i + "-" + a;
            if (a > 0) {
                b.append(',');
            }
            b.append("{\"status\":\"").append(resolved ? "resolved" : "firing").append("\",\"labels\":{\"alertname\":\"")
                    .append(alertname).append("\",\"job\":\"svc-").append(i % 37).append("\",\"instance\":\"10.0.")
                    .append(a % 250).append('.').append(i % 250).append(":9100\",\"namespace\":\"ns-").append(i % 11)
                    .append("\",\"pod\":\"api-").append(fp).append("\",\"severity\":\"").append(SEVERITIES[a % 3])
                    .append("\"},\"annotations\":{\"summary\":\"").append(alertname).append(" on svc-").append(i % 37)
                    .append("\",\"description\":\"value is 0.").append(a).append(" (threshold 0.1)\"},")
                    .append("\"startsAt\":\"2026-11-28T03:00:00.123456789Z\",\"endsAt\":\"")
                    .append(resolved ? "2026-11-28T03:05:00.123456789Z" : "0001-01-01T00:00:00Z")
                    .append("\",\"generatorURL\":\"http://prometheus:9090/graph?g0.expr=up\",\"fingerprint\":\"")
                    .append(Fingerprint.of(labels(alertname, i, a, fp))).append("\"}");
        }
        b.append("],\"groupLabels\":{\"alertname\":\"").append(alertname).append("\"},\"commonLabels\":{\"alertname\":\"")
                .append(alertname).append("\"},\"commonAnnotations\":{},\"externalURL\":\"http://alertmanager:9093\",")
                .append("\"version\":\"4\",\"groupKey\":\"{}:{alertname=\\\"").append(alertname)
                .append("\\\"}\",\"truncatedAlerts\":0}");
        return b.toString().getBytes(StandardCharsets.UTF_8);
    }
}
