package dev.selfheal.harness.bench.scale;

import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;

/**
 * {@code restart_ready_s} and {@code kb_per_model} on a scorer just restarted over the saved
 * series. Every series is asked ({@link EverySeries}) until it answers from its saved model version;
 * the time runs from the process' start to the last such answer, less the bench's own pauses to
 * read RSS. RSS is read after a full GC ({@link ScaleScorer#settledRssMb()}) three times: right
 * after the restart (no series asked), after the first series answered (the model engine, PyTorch's
 * native library and its allocator, is loaded once for all: not a series' memory), and with every
 * series in memory. {@code kb_per_model} = (RSS with every series − RSS with one) / (series − 1);
 * the figure from the first reading is printed beside it.
 */
final class Restart {

    record Outcome(double readyS, double kbPerModel) {
    }

    private Restart() {
    }

    static Outcome measure(ScaleScorer scorer, List<ScaleLayout.Series> measured, Function<ScaleLayout.Series, Integer> expected,
                           String end, List<String> problems) throws InterruptedException {
        long t = System.nanoTime();
        double readyAfter = (t - scorer.startedNanos) / 1e9;
        double rss0 = scorer.settledRssMb();
        String m0 = scorer.metrics();
        long paused = System.nanoTime() - t;
        System.out.printf(Locale.ROOT, "  ready (/q/health/ready) %.1f s after the start; %s; %s; readiness %s%n", readyAfter,
                ScaleScorer.describe(rss0, m0), ScaleBench.gauges(m0), data(scorer.readiness().body()));
        Duration within = Duration.ofMinutes(10);
        EverySeries.Outcome first = EverySeries.askUntilReady(scorer, measured.subList(0, 1), expected, end,
                scorer.startedNanos + paused, within);
        t = System.nanoTime();
        double rss1 = scorer.settledRssMb();
        String m1 = scorer.metrics();
        paused += System.nanoTime() - t;
        System.out.printf(Locale.ROOT, "  the first series answered %.1f s after the start; %s%n", first.seconds(),
                ScaleScorer.describe(rss1, m1));
        EverySeries.Outcome rest = measured.size() == 1 ? first : EverySeries.askUntilReady(scorer,
                measured.subList(1, measured.size()), expected, end, scorer.startedNanos + paused, within);
        int ready = first.ready() + (measured.size() == 1 ? 0 : rest.ready());
        double readyS = ready == measured.size() ? rest.seconds() : Double.NaN;
        System.out.printf(Locale.ROOT, "  %d of %d answered from their saved model, the last %.1f s after the start (%.1f s "
                        + "of reading RSS not counted), the rest in %d passes; first answers p50 %.1f ms, p99 %.1f ms "
                        + "(client side)%n", ready, measured.size(), readyS, paused / 1e9, rest.rounds(),
                EverySeries.percentileMs(rest.firstNanos(), 0.5), EverySeries.percentileMs(rest.firstNanos(), 0.99));
        first.notReady().forEach(n -> System.out.println("  not ready: " + n));
        rest.notReady().forEach(n -> System.out.println("  not ready: " + n));
        if (ready < measured.size()) {
            problems.add((measured.size() - ready) + " of " + measured.size()
                    + " series never answered from their saved model after the restart");
        }
        double rssAll = scorer.settledRssMb();
        String mAll = scorer.metrics();
        long resident = resident(scorer);
        int others = Math.max(1, measured.size() - 1);
        double kb = (rssAll - (measured.size() == 1 ? rss0 : rss1)) * 1024 / others;
        System.out.printf(Locale.ROOT, "  every series asked: %s; %s; resident per GET /api/v1/models: %s%n",
                ScaleScorer.describe(rssAll, mAll), ScaleBench.gauges(mAll),
                resident < 0 ? "not said" : resident + " of " + measured.size());
        System.out.printf(Locale.ROOT, "  kb_per_model = (RSS with every series in memory − RSS with the first one) / the "
                        + "others = (%.0f − %.0f) MB / %d = %.1f KB; each RSS read after a full GC (jcmd GC.run) and 1 s; "
                        + "heap used alone %.1f KB; from RSS right after the restart, before any series (the model engine "
                        + "included): (%.0f − %.0f) MB / %d = %.1f KB%n", rssAll, rss1, others, kb,
                (ScaleScorer.heapUsedMb(mAll) - ScaleScorer.heapUsedMb(m1)) * 1024 / others, rssAll, rss0, measured.size(),
                (rssAll - rss0) * 1024 / measured.size());
        if (resident >= 0 && resident < measured.size()) {
            problems.add("kb_per_model: only " + resident + " of " + measured.size() + " series were in memory when measured");
        }
        return new Outcome(readyS, kb);
    }

    /** How many series {@code GET /api/v1/models} says are resident; -1 when it does not say. */
    private static long resident(ScaleScorer scorer) throws InterruptedException {
        var models = scorer.models().body();
        if (models == null || models.path("models").isEmpty() || ScaleMetrics.resident(models.path("models").get(0)) == null) {
            return -1;
        }
        long n = 0;
        for (var m : models.path("models")) {
            n += Boolean.TRUE.equals(ScaleMetrics.resident(m)) ? 1 : 0;
        }
        return n;
    }

    private static String data(com.fasterxml.jackson.databind.JsonNode readiness) {
        return readiness == null ? "not answered" : readiness.path("checks").toString();
    }
}
