package dev.selfheal.receiver.backtest;

import java.io.PrintStream;
import java.util.Locale;

/**
 * A progress bar on stderr for long ranges: decisions made, scorer calls and their time; redrawn
 * in place at most 5 times a second on a terminal, drawn once at the end otherwise (a log file
 * gets one line, not hundreds of carriage returns).
 */
final class ProgressBar implements Backtest.Progress {

    private static final int WIDTH = 30;

    private final PrintStream err;
    private final ScorerAsk scorer;
    private final boolean terminal;
    private long drawn;

    ProgressBar(PrintStream err, ScorerAsk scorer, boolean terminal) {
        this.err = err;
        this.scorer = scorer;
        this.terminal = terminal;
    }

    @Override
    public void decided(int done, int total) {
        long now = System.nanoTime();
        if (done < total && (!terminal || now - drawn < 200_000_000L)) {
            return;
        }
        drawn = now;
        int filled = total == 0 ? WIDTH : (int) ((long) WIDTH * done / total);
        err.printf(Locale.ROOT, "%s[%s%s] %d/%d decisions, %d scorer calls, %.1f s%s", terminal ? "\r" : "", "#".repeat(filled),
                ".".repeat(WIDTH - filled), done, total, scorer.calls(), scorer.spent().toMillis() / 1000.0,
                done == total ? "\n" : "");
        err.flush();
    }
}
