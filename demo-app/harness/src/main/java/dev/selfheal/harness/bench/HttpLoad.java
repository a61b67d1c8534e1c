package dev.selfheal.harness.bench;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import java.util.function.IntFunction;

/**
 * The load generator the benchmarks share: POSTs over keep-alive HTTP/1.1 connections. With a
 * rate, request i is due at start + i/rate. Its latency runs from when it was due whenever its
 * connection was still waiting for the server's previous answer then, so a slow server cannot hide
 * its queueing (no coordinated omission); when the connection was free, it runs from when the
 * request was sent, so the generator's own lateness (a thread the machine woke late, which on the
 * 2-core VMs here reached 3 ms at p99 against a bare server) is not charged to the server. Both are
 * reported: {@code p99_ms} that way, {@code p99_from_due_ms} always from the due time.
 * With rate 0 each connection sends as fast as answers come back.
 *
 * <p>As a program: {@code HttpLoad URL BODY_FILE RATE TOTAL [CONNECTIONS [WARMUP]]} posts one body
 * (or, when BODY_FILE ends in {@code .jsonl}, its lines in turn: request i sends line i modulo their
 * number, so a load can go over many series); with WARMUP, that many requests go first as fast as
 * the connections go, unmeasured, in the same process (so the generator's own code is compiled
 * before its clock runs, as the server's is). It prints a line starting {@code measuring} when the
 * measured requests start, then its {@link Result#summary()}.
 */
public final class HttpLoad {

    /** What a run measured. {@code ok[i]} tells whether request i got a 2xx. */
    public record Result(int requests, int errors, double seconds, long[] latencyNanos, long[] fromDueNanos,
                         boolean[] ok) {

        /** The p-quantile of the latencies the server is answerable for (see the class comment). */
        public double percentileMs(double p) {
            return percentile(latencyNanos, p);
        }

        /** The p-quantile of the latencies from each request's due time, the generator's lateness included. */
        public double percentileFromDueMs(double p) {
            return percentile(fromDueNanos, p);
        }

        private static double percentile(long[] nanos, double p) {
            long[] sorted = Arrays.stream(nanos).filter(l -> l > 0).sorted().toArray();
            return sorted.length == 0 ? Double.NaN : sorted[Math.min(sorted.length - 1, (int) (sorted.length * p))] / 1e6;
        }

        public String summary() {
            return String.format(Locale.ROOT, "requests=%d errors=%d seconds=%.1f rps=%.0f p50_ms=%.2f p99_ms=%.2f max_ms=%.1f"
                            + " p99_from_due_ms=%.2f", requests, errors, seconds, requests / seconds, percentileMs(0.5),
                    percentileMs(0.99), percentileMs(1.0), percentileFromDueMs(0.99));
        }
    }

    private HttpLoad() {
    }

    public static void main(String[] args) throws Exception {
        IntFunction<byte[]> bodies = bodies(Path.of(args[1]));
        int connections = args.length > 4 ? Integer.parseInt(args[4]) : 8;
        int warmup = args.length > 5 ? Integer.parseInt(args[5]) : 0;
        String auth = scorerAuthorization();
        if (warmup > 0) {
            run(URI.create(args[0]), bodies, auth, 0, warmup, connections);
        }
        // A caller that does something at the start of the measured part reads this line.
        System.out.println("measuring: " + args[3] + " requests at " + args[2] + "/s");
        Result r = run(URI.create(args[0]), bodies, auth, Integer.parseInt(args[2]), Integer.parseInt(args[3]),
                connections);
        System.out.println(r.summary());
        System.exit(r.errors() == 0 ? 0 : 1);
    }

    /** The bodies a program run posts: the file, or its non-blank lines in turn when it ends in {@code .jsonl}. */
    static IntFunction<byte[]> bodies(Path file) throws IOException {
        if (!file.toString().endsWith(".jsonl")) {
            byte[] body = Files.readAllBytes(file);
            return i -> body;
        }
        byte[][] lines = Files.readAllLines(file).stream().filter(l -> !l.isBlank())
                .map(l -> l.getBytes(StandardCharsets.UTF_8)).toArray(byte[][]::new);
        if (lines.length == 0) {
            throw new IllegalArgumentException(file + " has no bodies");
        }
        return i -> lines[i % lines.length];
    }

    /** The scorer's Authorization header line from {@code SELFHEAL_SCORER_TOKEN}, as its other clients send it; empty without. */
    public static String scorerAuthorization() {
        String token = System.getenv("SELFHEAL_SCORER_TOKEN");
        return token == null || token.isBlank() ? "" : "Authorization: Bearer " + token.strip() + "\r\n";
    }

    /**
     * @param bodies      the body of request i
     * @param extraHeaders header lines, each ending in CRLF (for example an Authorization header)
     */
    public static Result run(URI uri, IntFunction<byte[]> bodies, String extraHeaders, int rate, int total,
                             int connections) throws InterruptedException {
        long[] latencies = new long[total];
        long[] fromDue = new long[total];
        boolean[] ok = new boolean[total];
        AtomicInteger errors = new AtomicInteger();
        AtomicInteger next = new AtomicInteger();
        // The clock starts once every connection is open: connecting is not the server's work.
        CountDownLatch connected = new CountDownLatch(connections);
        CountDownLatch go = new CountDownLatch(1);
        long[] startAt = new long[1];
        List<Thread> threads = new ArrayList<>();
        for (int c = 0; c < connections; c++) {
            Thread t = new Thread(() -> {
                try (Socket socket = connect(uri, connected)) {
                    go.await();
                    long start = startAt[0];
                    OutputStream out = socket.getOutputStream();
                    InputStream in = new BufferedInputStream(socket.getInputStream());
                    int i;
                    long previousAnswered = 0;
                    while ((i = next.getAndIncrement()) < total) {
                        byte[] body = bodies.apply(i);
                        byte[] head = ("POST " + uri.getRawPath() + " HTTP/1.1\r\nHost: " + uri.getHost() + ":"
                                + uri.getPort() + "\r\nContent-Type: application/json\r\n" + extraHeaders
                                + "Content-Length: " + body.length + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII);
                        long due = rate > 0 ? start + (long) (i * (1e9 / rate)) : System.nanoTime();
                        long wait = due - System.nanoTime();
                        if (wait > 0) {
                            LockSupport.parkNanos(wait);
                        }
                        long sent = System.nanoTime();
                        out.write(head);
                        out.write(body);
                        out.flush();
                        int status = readResponse(in);
                        long answered = System.nanoTime();
                        ok[i] = status >= 200 && status < 300;
                        if (!ok[i]) {
                            errors.incrementAndGet();
                        }
                        fromDue[i] = answered - due;
                        latencies[i] = answered - (rate > 0 && previousAnswered - due > 0 ? due : sent);
                        previousAnswered = answered;
                    }
                } catch (IOException e) {
                    errors.incrementAndGet();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }, "load-" + c);
            t.start();
            threads.add(t);
        }
        connected.await();
        startAt[0] = System.nanoTime() + 20_000_000L;
        go.countDown();
        for (Thread t : threads) {
            t.join();
        }
        double seconds = (System.nanoTime() - startAt[0]) / 1e9;
        int done = (int) Arrays.stream(latencies).filter(l -> l > 0).count();
        return new Result(done, errors.get(), seconds, latencies, fromDue, ok);
    }

    /** A keep-alive connection; {@code connected} hears it is open, or that it failed (then it throws). */
    private static Socket connect(URI uri, CountDownLatch connected) throws IOException {
        try {
            Socket socket = new Socket(uri.getHost(), uri.getPort());
            socket.setTcpNoDelay(true);
            return socket;
        } finally {
            connected.countDown();
        }
    }

    /** Reads one response (status line, headers, Content-Length body) and returns its status. */
    static int readResponse(InputStream in) throws IOException {
        String status = line(in);
        int code = Integer.parseInt(status.split(" ")[1]);
        int length = 0;
        String header;
        while (!(header = line(in)).isEmpty()) {
            if (header.regionMatches(true, 0, "content-length:", 0, 15)) {
                length = Integer.parseInt(header.substring(15).strip());
            }
        }
        in.readNBytes(length);
        return code;
    }

    private static String line(InputStream in) throws IOException {
        StringBuilder b = new StringBuilder();
        int c;
        while ((c = in.read()) != -1 && c != '\n') {
            if (c != '\r') {
                b.append((char) c);
            }
        }
        if (c == -1 && b.length() == 0) {
            throw new IOException("connection closed");
        }
        return b.toString();
    }
}
