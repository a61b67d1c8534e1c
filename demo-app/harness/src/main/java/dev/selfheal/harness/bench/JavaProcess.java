package dev.selfheal.harness.bench;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A Java program the harness starts on loopback, its output appended to a log, and waited for
 * until a URL answers 200. The harness stops only what it started, through the {@link Process}
 * it holds (never by name).
 */
public final class JavaProcess {

    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(2)).build();

    private JavaProcess() {
    }

    /** The repository's root, as the launcher passes it ({@code -Dselfheal.root}). */
    public static Path root() {
        return Path.of(System.getProperty("selfheal.root", ".")).toAbsolutePath().normalize();
    }

    /** A process's resident memory in MB, from {@code /proc}; NaN when it cannot be read. */
    public static double rssMb(long pid) throws IOException {
        return java.nio.file.Files.readAllLines(Path.of("/proc/" + pid + "/status")).stream()
                .filter(l -> l.startsWith("VmRSS:"))
                .mapToDouble(l -> Double.parseDouble(l.replaceAll("[^0-9]", "")) / 1024).findFirst().orElse(Double.NaN);
    }

    /** The sum of a metric's series in a Prometheus text exposition (a service's {@code /q/metrics}). */
    public static double metricSum(String exposition, String name) {
        return exposition.lines().filter(l -> l.startsWith(name + " ") || l.startsWith(name + "{"))
                .mapToDouble(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1))).sum();
    }

    /** The running JVM's {@code java}. */
    public static String java() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    /** A main class of the harness itself, on the harness' own class path. */
    public static List<String> harnessMain(Class<?> main, String... args) {
        List<String> command = new ArrayList<>(List.of(java(), "-cp", System.getProperty("java.class.path"), main.getName()));
        command.addAll(List.of(args));
        return command;
    }

    /** Starts {@code command} with {@code env} added, then waits up to {@code within} for {@code ready}. */
    public static Process start(List<String> command, Map<String, String> env, Path log, URI ready, Duration within)
            throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder(command)
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        pb.environment().putAll(env);
        Process process = pb.start();
        try {
            awaitReady(process, ready, log, within);
        } catch (InterruptedException | RuntimeException e) {
            process.destroyForcibly();
            throw e;
        }
        return process;
    }

    /** Waits until {@code ready} answers 200; fails at once when the process exits first. */
    public static void awaitReady(Process process, URI ready, Path log, Duration within) throws InterruptedException {
        Instant end = Instant.now().plus(within);
        while (Instant.now().isBefore(end)) {
            if (!process.isAlive()) {
                throw new IllegalStateException(ready.getPort() + ": the process exited (" + process.exitValue() + "); see " + log);
            }
            try {
                if (HTTP.send(HttpRequest.newBuilder(ready).timeout(Duration.ofSeconds(5)).build(),
                        HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    return;
                }
            } catch (IOException e) {
                // not listening yet
            }
            Thread.sleep(200);
        }
        throw new IllegalStateException(ready + " did not answer within " + within + "; see " + log);
    }

    /** Stops a process this harness started: TERM, then KILL after 10 s. */
    public static void stop(Process process) throws InterruptedException {
        if (process == null || !process.isAlive()) {
            return;
        }
        process.destroy();
        if (!process.waitFor(10, java.util.concurrent.TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor();
        }
    }
}
