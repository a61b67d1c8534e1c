package dev.selfheal.scorer.bench;

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

/**
 * A load generator in its own process: {@code HttpLoad URL BODY_FILE RATE TOTAL [CONNECTIONS]}
 * posts the body over keep-alive HTTP/1.1 connections. With RATE &gt; 0 request i is due at
 * start + i/RATE and its latency is measured from when it was due, not from when it was sent, so
 * a slow server cannot hide its queueing (no coordinated omission). With RATE 0 each connection
 * sends as fast as answers come back.
 */
public final class HttpLoad {

    private HttpLoad() {
    }

    public static void main(String[] args) throws Exception {
        URI uri = URI.create(args[0]);
        byte[] body = Files.readAllBytes(Path.of(args[1]));
        int rate = Integer.parseInt(args[2]);
        int total = Integer.parseInt(args[3]);
        int connections = args.length > 4 ? Integer.parseInt(args[4]) : 8;
        byte[] head = ("POST " + uri.getRawPath() + " HTTP/1.1\r\nHost: " + uri.getHost() + ":" + uri.getPort()
                + "\r\nContent-Type: application/json\r\nContent-Length: " + body.length + "\r\n\r\n")
                .getBytes(StandardCharsets.US_ASCII);
        long[] latencies = new long[total];
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
                        long due = rate > 0 ? start + (long) (i * (1e9 / rate)) : System.nanoTime();
                        long wait = due - System.nanoTime();
                        if (wait > 0) {
                            LockSupport.parkNanos(wait);
                        }
                        out.write(head);
                        out.write(body);
                        out.flush();
                        if (readResponse(in) != 200) {
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
        long[] sorted = Arrays.stream(latencies).filter(l -> l > 0).sorted().toArray();
        System.out.printf(Locale.ROOT, "requests=%d errors=%d seconds=%.1f rps=%.0f p50_ms=%.2f p99_ms=%.2f max_ms=%.1f%n",
                sorted.length, errors.get(), seconds, sorted.length / seconds, sorted[sorted.length / 2] / 1e6,
                sorted[(int) (sorted.length * 0.99)] / 1e6, sorted[sorted.length - 1] / 1e6);
        System.exit(errors.get() == 0 ? 0 : 1);
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
