package dev.selfheal.scorer.store;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Blobs as files, {@code <root>/<series>/<name>}: written to a temporary file and renamed, so a
 * crash never leaves half a blob.
 */
public final class FileBlobs implements Blobs {

    private static final Pattern SAFE = Pattern.compile("[A-Za-z0-9._-]{1,100}");

    private final Path root;

    public FileBlobs(Path root) {
        this.root = root;
    }

    public Path root() {
        return root;
    }

    private Path file(String series, String name) {
        if (!SAFE.matcher(series).matches() || !SAFE.matcher(name).matches() || name.startsWith(".")) {
            throw new IllegalArgumentException("not a blob name: " + series + "/" + name);
        }
        return root.resolve(series).resolve(name);
    }

    @Override
    public void put(String series, String name, byte[] data) throws IOException {
        Path target = file(series, name);
        Files.createDirectories(target.getParent());
        Path tmp = Files.createTempFile(target.getParent(), "." + name, ".tmp");
        try {
            Files.write(tmp, data);
            Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    @Override
    public synchronized boolean putIfNewer(String series, String name, long generation, byte[] data)
            throws IOException {
        Optional<byte[]> old = read(file(series, name));
        if (old.isPresent() && old.get().length >= Long.BYTES && ByteBuffer.wrap(old.get()).getLong() >= generation) {
            return false;
        }
        if (data.length < Long.BYTES || ByteBuffer.wrap(data).getLong() != generation) {
            throw new IllegalArgumentException("a blob written with a generation begins with it");
        }
        put(series, name, data);
        return true;
    }

    @Override
    public Optional<byte[]> get(String series, String name) throws IOException {
        return read(file(series, name));
    }

    private static Optional<byte[]> read(Path file) throws IOException {
        try {
            return Optional.of(Files.readAllBytes(file));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        }
    }

    @Override
    public List<String> names(String series) throws IOException {
        Path dir = root.resolve(series);
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(dir)) {
            return files.map(p -> p.getFileName().toString()).filter(n -> !n.startsWith(".")).sorted().toList();
        }
    }

    @Override
    public void delete(String series, String name) throws IOException {
        Files.deleteIfExists(file(series, name));
    }

    @Override
    public Map<String, byte[]> all(String name) throws IOException {
        if (!Files.isDirectory(root)) {
            return Map.of();
        }
        Map<String, byte[]> out = new HashMap<>();
        List<Path> dirs;
        try (Stream<Path> list = Files.list(root)) {
            dirs = new ArrayList<>(list.filter(Files::isDirectory).toList());
        }
        for (Path d : dirs) {
            String series = d.getFileName().toString();
            if (SAFE.matcher(series).matches()) {
                read(d.resolve(name)).ifPresent(b -> out.put(series, b));
            }
        }
        return out;
    }

    @Override
    public String describe() {
        return "files under " + root;
    }
}
