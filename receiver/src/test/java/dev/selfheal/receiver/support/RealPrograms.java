package dev.selfheal.receiver.support;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.util.Optional;
import java.util.stream.Stream;

/** Finds the real Prometheus-family programs (Debian packages) that tests drive. */
public final class RealPrograms {

    private RealPrograms() {
    }

    /** The first of the names found on PATH; fails with the install command when none is. */
    public static String require(String debianPackage, String... names) {
        return find(names).orElseThrow(() -> new IllegalStateException("none of " + String.join(", ", names)
                + " is on PATH: install it with 'apt-get install -y --no-install-recommends " + debianPackage
                + "' (./selfheal test does this when run as root)"));
    }

    public static Optional<String> find(String... names) {
        String path = System.getenv().getOrDefault("PATH", "/usr/bin:/bin");
        return Stream.of(names).flatMap(name -> Stream.of(path.split(File.pathSeparator))
                .map(dir -> new File(dir, name))).filter(File::canExecute).map(File::getAbsolutePath).findFirst();
    }

    public static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
