package dev.selfheal.receiver.support.kube;

import dev.selfheal.receiver.support.RealPrograms;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The real Kubernetes 1.20 binaries the tests run: {@code kube-apiserver} and
 * {@code kube-controller-manager}, as {@code NAME.xz} beside a {@code SHA256SUMS} in the directory
 * {@code SELFHEAL_KUBE_BINARIES} names, else {@code ../shared/k8s} next to the repository
 * (deploy/kube-binaries/build.sh makes them from Debian's source). Unpacked once into a cache
 * directory keyed by the checksums, and checked against them; etcd is Debian's {@code etcd-server}.
 */
public final class KubeBinaries {

    static final String[] NAMES = {"kube-apiserver", "kube-controller-manager"};

    private KubeBinaries() {
    }

    /** The directory the binaries come from (it may not exist). */
    public static Path source() {
        String named = System.getenv("SELFHEAL_KUBE_BINARIES");
        if (named != null && !named.isBlank()) {
            return Path.of(named).toAbsolutePath().normalize();
        }
        return repositoryRoot().resolve("../shared/k8s").normalize();
    }

    /** Why the control plane cannot start here, or empty when it can. */
    public static Optional<String> missing() {
        Path dir = source();
        if (!Files.isRegularFile(dir.resolve("SHA256SUMS"))) {
            return Optional.of("no Kubernetes binaries at " + dir + " (SHA256SUMS missing; set SELFHEAL_KUBE_BINARIES "
                    + "or build them with deploy/kube-binaries/build.sh)");
        }
        for (String name : NAMES) {
            if (!Files.isRegularFile(dir.resolve(name + ".xz")) && !Files.isRegularFile(dir.resolve(name))) {
                return Optional.of("no " + name + "(.xz) in " + dir);
            }
        }
        for (String program : new String[] {"etcd", "xz"}) {
            if (RealPrograms.find(program).isEmpty()) {
                return Optional.of(program + " is not on PATH (apt-get install "
                        + (program.equals("etcd") ? "etcd-server" : "xz-utils") + "; ./selfheal test does it as root)");
            }
        }
        return Optional.empty();
    }

    /** The directory holding the checked, executable binaries: unpacked now unless an earlier run did. */
    public static Path unpacked() {
        Path dir = source();
        try {
            Map<String, String> sums = sums(dir.resolve("SHA256SUMS"));
            String key = sha256(Files.readAllBytes(dir.resolve("SHA256SUMS"))).substring(0, 16);
            Path cache = cacheRoot().resolve(key);
            Files.createDirectories(cache);
            for (String name : NAMES) {
                Path bin = cache.resolve(name);
                if (Files.isExecutable(bin) && sha256(bin).equals(sums.get(name))) {
                    continue;
                }
                Path part = Files.createTempFile(cache, name, ".part");
                Path xz = dir.resolve(name + ".xz");
                if (Files.isRegularFile(xz)) {
                    Process p = new ProcessBuilder(RealPrograms.find("xz").orElseThrow(), "-dc", xz.toString())
                            .redirectOutput(part.toFile()).redirectError(ProcessBuilder.Redirect.DISCARD).start();
                    if (p.waitFor() != 0) {
                        throw new IllegalStateException("xz -dc " + xz + " failed (exit " + p.exitValue() + ")");
                    }
                } else {
                    Files.copy(dir.resolve(name), part, StandardCopyOption.REPLACE_EXISTING);
                }
                String actual = sha256(part);
                if (!actual.equals(sums.get(name))) {
                    Files.deleteIfExists(part);
                    throw new IllegalStateException(name + " from " + dir + " does not match SHA256SUMS (" + actual + ")");
                }
                part.toFile().setExecutable(true);
                Files.move(part, bin, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            }
            return cache;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** {@code SELFHEAL_KUBE_CACHE}, else ~/.cache/selfheal/kube. */
    private static Path cacheRoot() {
        String named = System.getenv("SELFHEAL_KUBE_CACHE");
        return named != null && !named.isBlank() ? Path.of(named)
                : Path.of(System.getProperty("user.home"), ".cache", "selfheal", "kube");
    }

    /** The directory holding the launcher {@code selfheal}: the receiver module's parent when tests run in it. */
    static Path repositoryRoot() {
        Path dir = Path.of("").toAbsolutePath();
        for (Path p = dir; p != null; p = p.getParent()) {
            if (Files.isRegularFile(p.resolve("selfheal")) && Files.isDirectory(p.resolve("receiver"))) {
                return p;
            }
        }
        return dir.getParent() == null ? dir : dir.getParent();
    }

    private static Map<String, String> sums(Path file) throws IOException {
        Map<String, String> sums = new LinkedHashMap<>();
        for (String line : Files.readAllLines(file)) {
            String[] parts = line.trim().split("\\s+\\*?", 2);
            if (parts.length == 2) {
                sums.put(parts[1].trim(), parts[0]);
            }
        }
        return sums;
    }

    private static String sha256(Path file) throws IOException {
        MessageDigest digest = digest();
        try (InputStream in = Files.newInputStream(file)) {
            byte[] buffer = new byte[1 << 16];
            for (int n; (n = in.read(buffer)) > 0; ) {
                digest.update(buffer, 0, n);
            }
        }
        return HexFormat.of().formatHex(digest.digest());
    }

    private static String sha256(byte[] bytes) {
        return HexFormat.of().formatHex(digest().digest(bytes));
    }

    private static MessageDigest digest() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
