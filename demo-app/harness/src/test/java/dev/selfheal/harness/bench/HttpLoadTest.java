package dev.selfheal.harness.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class HttpLoadTest {

    private static final long STALL_MS = 300;

    private static final byte[] ANSWER = "HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\n{}"
            .getBytes(StandardCharsets.US_ASCII);

    /** A keep-alive server that answers each request in one write; the fifth one after {@link #STALL_MS}. */
    private ServerSocket server;
    private final AtomicInteger seen = new AtomicInteger();

    @BeforeEach
    void start() throws IOException {
        server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread acceptor = new Thread(() -> {
            while (!server.isClosed()) {
                try {
                    Socket socket = server.accept();
                    socket.setTcpNoDelay(true);
                    Thread t = new Thread(() -> serve(socket));
                    t.setDaemon(true);
                    t.start();
                } catch (IOException e) {
                    return;
                }
            }
        });
        acceptor.setDaemon(true);
        acceptor.start();
    }

    private void serve(Socket socket) {
        try (socket) {
            InputStream in = new BufferedInputStream(socket.getInputStream());
            OutputStream out = socket.getOutputStream();
            while (true) {
                int length = 0;
                String line;
                while (!(line = line(in)).isEmpty()) {
                    if (line.regionMatches(true, 0, "content-length:", 0, 15)) {
                        length = Integer.parseInt(line.substring(15).strip());
                    }
                }
                in.readNBytes(length);
                if (seen.incrementAndGet() == 5) {
                    Thread.sleep(STALL_MS);
                }
                out.write(ANSWER);
                out.flush();
            }
        } catch (IOException | InterruptedException e) {
            // the client closed the connection
        }
    }

    private static String line(InputStream in) throws IOException {
        StringBuilder b = new StringBuilder();
        int c;
        while ((c = in.read()) != '\n') {
            if (c == -1) {
                throw new IOException("closed");
            }
            if (c != '\r') {
                b.append((char) c);
            }
        }
        return b.toString();
    }

    @AfterEach
    void stop() throws IOException {
        server.close();
    }

    @Test
    void aStallIsChargedToEveryRequestQueuedBehindIt() throws InterruptedException {
        URI uri = URI.create("http://127.0.0.1:" + server.getLocalPort() + "/");
        // 100 requests/s on one connection: request 4 (the fifth) stalls 300 ms, so the ~30
        // requests due meanwhile wait for the connection and must be charged from their due time.
        HttpLoad.Result r = HttpLoad.run(uri, i -> "{}".getBytes(), "", 100, 60, 1);

        assertThat(r.errors()).isZero();
        assertThat(r.requests()).isEqualTo(60);
        long[] l = r.latencyNanos();
        assertThat(l[4] / 1e6).isGreaterThanOrEqualTo(STALL_MS);
        assertThat(l[5] / 1e6).as("the next request was due 10 ms after the stalled one").isGreaterThan(STALL_MS - 50);
        assertThat(l[20] / 1e6).as("due 160 ms into the stall").isGreaterThan(STALL_MS - 200);
        assertThat(r.percentileMs(0.5)).as("half the requests were queued behind the stall").isGreaterThan(1);
        for (int i = 0; i < l.length; i++) {
            assertThat(l[i]).as("request %d", i).isLessThanOrEqualTo(r.fromDueNanos()[i]);
        }
    }

    @Test
    void withoutAStallNothingWaitsForTheServer() throws InterruptedException {
        URI uri = URI.create("http://127.0.0.1:" + server.getLocalPort() + "/");
        seen.set(1000);
        HttpLoad.Result r = HttpLoad.run(uri, i -> "{}".getBytes(), "", 100, 50, 2);

        assertThat(r.errors()).isZero();
        assertThat(r.percentileMs(0.5)).as("answers take well under a millisecond").isLessThan(10);
    }

    @Test
    void aJsonlFileSendsItsLinesInTurnAndAnyOtherFileItself(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir)
            throws IOException {
        java.nio.file.Path lines = java.nio.file.Files.writeString(dir.resolve("load.jsonl"), "{\"a\":1}\n{\"b\":2}\n\n");
        var bodies = HttpLoad.bodies(lines);
        assertThat(new String(bodies.apply(0), StandardCharsets.UTF_8)).isEqualTo("{\"a\":1}");
        assertThat(new String(bodies.apply(1), StandardCharsets.UTF_8)).isEqualTo("{\"b\":2}");
        assertThat(new String(bodies.apply(2), StandardCharsets.UTF_8)).isEqualTo("{\"a\":1}");
        java.nio.file.Path one = java.nio.file.Files.writeString(dir.resolve("body.json"), "{\"a\":1}\n{\"b\":2}\n");
        assertThat(new String(HttpLoad.bodies(one).apply(5), StandardCharsets.UTF_8)).isEqualTo("{\"a\":1}\n{\"b\":2}\n");
    }
}
