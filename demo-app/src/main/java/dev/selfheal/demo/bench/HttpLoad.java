package dev.selfheal.demo.bench;

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
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import java.util.function.IntFunction;

/**
 * The load generator the benchmarks share: POSTs over keep-alive HTTP/1.1 connections. With a
 * rate, request i is due at start + i/rate and its latency is measured from when it was due, not
 * from when it was sent, so a slow server cannot hide its queueing (no coordinated omission).
 * With rate 0 each connection sends as fast as answers come back.
 *
 * <p>As a program: {@code HttpLoad URL BODY_FILE RATE TOTAL [CONNECTIONS]} posts one body.
 */
public final class HttpLoad {

    /** What a run measured. {@code ok[i]} tells whether request i got a 2xx. */
    public record Result(int requests, int errors, double seconds, long[] latencyNanos, boolean[] ok) {

        public double percentileMs(double p) {
            long[] sorted = Arrays.stream(latencyNanos).filter(l -> l > 0).sorted().toArray();
            return sorted.length == 0 ? Double.NaN : sorted[Math.min(sorted.length - 1, (int) (sorted.length * p))] / 1e6;
        }

        public String summary() {
            return String.format(Locale.ROOT, "requests=%d errors=%d seconds=%.1f rps=%.0f p50_ms=%.2f p99_ms=%.2f max_ms=%.1f",
                    requests, errors, seconds, requests / seconds, percentileMs(0.5), percentileMs(0.99), percentileMs(1.0));
        }
    }

    private HttpLoad() {
    }

    public static void main(String[] args) throws Exception {
        byte[] body = Files.readAllBytes(Path.of(args[1]));
        Result r = run(URI.create(args[0]), i -> body, "", Integer.parseInt(args[2]), Integer.parseInt(args[3]),
                args.length > 4 ? Integer.parseInt(args[4]) : 8);
        System.out.println(r.summary());
        System.exit(r.errors() == 0 ? 0 : 1);
    }

    /**
     * @param bodies      the body of request i
     * @param extraHeaders header lines, each ending in CRLF (for example an Authorization header)
     */
    public static Result run(URI uri, IntFunction<byte[]> bodies, String extraHeaders, int rate, int total,
                             int connections) throws InterruptedException {
        long[] latencies = new long[total];
        boolean[] ok = new boolean[total];
        AtomicInteger errors = new AtomicInteger();
        AtomicInteger next = new AtomicInteger();
        long start = System.nanoTime() + 50_000_000L;
        List<Thread> threads = new ArrayList<>();
        for (int c = 0; c < connections; c++) {
            Thread t = new Thread(() -> {
                try (Socket socket = new Socket(uri.getHost(), uri.getPort())) {
                    socket.setTcpNoDelay(true);
                    OutputStream out = socket.getOutputStream();
                    InputStream in = new BufferedInputStream(socket.getInputStream());
                    int i;
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
                        out.write(head);
                        out.write(body);
                        out.flush();
                        int status = readResponse(in);
                        ok[i] = status >= 200 && status < 300;
                        if (!ok[i]) {
                            errors.incrementAndGet();
                        }
                        latencies[i] = System.nanoTime() - due;
                    }
                } catch (IOException e) {
                    errors.incrementAndGet();
                }
            }, "load-" + c);
            t.start();
            threads.add(t);
        }
        for (Thread t : threads) {
            t.join();
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        int done = (int) Arrays.stream(latencies).filter(l -> l > 0).count();
        return new Result(done, errors.get(), seconds, latencies, ok);
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
