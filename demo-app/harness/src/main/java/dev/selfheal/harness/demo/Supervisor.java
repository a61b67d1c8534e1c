package dev.selfheal.harness.demo;

import java.io.File;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** Starts the demo's processes with their logs in the work directory, and stops every one of them. */
final class Supervisor {

    private final Path logs;
    private final List<Process> children = new ArrayList<>();
    private final List<String> names = new ArrayList<>();

    Supervisor(Path logs) {
        this.logs = logs;
        Runtime.getRuntime().addShutdownHook(new Thread(this::stopAll, "demo-stop"));
    }

    synchronized void start(String name, List<String> command, Map<String, String> env) throws IOException {
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(logs.resolve(name + ".log").toFile());
        pb.environment().putAll(env);
        pb.directory(new File("."));
        children.add(pb.start());
        names.add(name);
    }

    /** The first child that has exited, if any. */
    synchronized String deadChild() {
        for (int i = 0; i < children.size(); i++) {
            if (!children.get(i).isAlive()) {
                return names.get(i) + " (exit " + children.get(i).exitValue() + ", log " + logs.resolve(names.get(i) + ".log") + ")";
            }
        }
        return null;
    }

    /** SIGTERM to all, then SIGKILL to any still there after 15 s. */
    synchronized void stopAll() {
        for (int i = children.size() - 1; i >= 0; i--) {
            children.get(i).destroy();
        }
        for (Process p : children) {
            try {
                if (!p.waitFor(15, TimeUnit.SECONDS)) {
                    p.destroyForcibly();
                }
            } catch (InterruptedException e) {
                p.destroyForcibly();
            }
        }
        children.clear();
        names.clear();
    }
}
