package dev.selfheal.receiver.cli;

import java.io.PrintStream;
import java.util.Map;

/** Lets tests in other packages run the {@code ./selfheal alert} command in-process, stderr to stdout. */
public final class AlertMainAccess {

    private AlertMainAccess() {
    }

    public static int run(String[] args, Map<String, String> env, PrintStream out) {
        return AlertMain.run(args, env, out, out);
    }
}
