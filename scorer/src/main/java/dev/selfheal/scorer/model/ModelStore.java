package dev.selfheal.scorer.model;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import dev.selfheal.scorer.forest.IsolationForestModel;
import dev.selfheal.scorer.lstm.LstmForecaster;
import java.io.IOException;
import java.io.InputStream;
import java.io.ObjectInputFilter;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Saves each series' model versions as {@code <modelDir>/<id>/v<version>/}: {@code metadata.json}
 * (settings, feature order, scaler, calibration, training window, version), {@code forest.ser}
 * and the LSTM's {@code lstm-0000.params}; beside them {@code series.json}, what the service needs
 * to replay the series after a restart. Each version is written to a temporary directory and
 * renamed, so a crash never leaves half a model; the newest {@code keep} versions stay.
 */
public final class ModelStore {

    static final String METADATA = "metadata.json";
    static final String FOREST = "forest.ser";
    static final String SERIES = "series.json";
    private static final ObjectInputFilter FOREST_CLASSES = ObjectInputFilter.Config.createFilter(
            "dev.selfheal.scorer.forest.*;smile.anomaly.*;smile.**;java.lang.*;java.util.*;[D;[I;[Lsmile.**;!*");

    /**
     * What a restarted service needs to rebuild a series' state: the query and labels it comes
     * from, its step, and the first point of its replay (epoch ms; the grid is origin + k·step).
     */
    public record SavedSeries(String id, String query, java.util.Map<String, String> labels, long stepMillis,
                              long originMillis) {
    }

    private final Path root;
    private final int keep;
    private final ObjectMapper json = new ObjectMapper().registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS).enable(SerializationFeature.INDENT_OUTPUT);

    public ModelStore(Path root, int keep) {
        this.root = root;
        this.keep = Math.max(1, keep);
    }

    public Path root() {
        return root;
    }

    private Path versionDir(String id, int version) {
        return root.resolve(id).resolve("v" + version);
    }

    /** Saves a version, then deletes the versions older than the newest {@code keep}. */
    public void save(DetectorModel model) throws IOException {
        ModelMetadata m = model.metadata();
        Path dir = root.resolve(m.id());
        Files.createDirectories(dir);
        Path tmp = Files.createTempDirectory(dir, ".v" + m.version() + "-");
        json.writeValue(tmp.resolve(METADATA).toFile(), m);
        try (OutputStream out = Files.newOutputStream(tmp.resolve(FOREST));
             ObjectOutputStream objects = new ObjectOutputStream(out)) {
            objects.writeObject(model.forest());
        }
        model.lstm().save(tmp);
        Path target = versionDir(m.id(), m.version());
        if (Files.exists(target)) {
            Path old = dir.resolve(".v" + m.version() + "-old-" + System.nanoTime());
            Files.move(target, old, StandardCopyOption.ATOMIC_MOVE);
            Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE);
            deleteTree(old);
        } else {
            Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE);
        }
        List<Integer> versions = versions(m.id());
        for (int i = 0; i + keep < versions.size(); i++) {
            deleteTree(versionDir(m.id(), versions.get(i)));
        }
    }

    /** A saved version's metadata, without loading the model. */
    public Optional<ModelMetadata> metadata(String id, int version) {
        Path file = versionDir(id, version).resolve(METADATA);
        if (!Files.isRegularFile(file)) {
            return Optional.empty();
        }
        try {
            return Optional.of(json.readValue(file.toFile(), ModelMetadata.class));
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    public DetectorModel load(String id, int version) throws IOException {
        Path dir = versionDir(id, version);
        ModelMetadata metadata = json.readValue(dir.resolve(METADATA).toFile(), ModelMetadata.class);
        IsolationForestModel forest;
        try (InputStream in = Files.newInputStream(dir.resolve(FOREST));
             ObjectInputStream objects = new ObjectInputStream(in)) {
            objects.setObjectInputFilter(FOREST_CLASSES);
            forest = (IsolationForestModel) objects.readObject();
        } catch (ClassNotFoundException | ClassCastException e) {
            throw new IOException("model " + id + " v" + version + ": forest.ser is not a forest", e);
        }
        LstmForecaster lstm = LstmForecaster.load(dir, metadata.settings().window(), metadata.settings().hidden());
        return new DetectorModel(metadata, lstm, forest);
    }

    /** The saved versions of a series, oldest first. */
    public List<Integer> versions(String id) throws IOException {
        Path dir = root.resolve(id);
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        List<Integer> versions = new ArrayList<>();
        try (Stream<Path> dirs = Files.list(dir)) {
            dirs.map(d -> d.getFileName().toString()).filter(n -> n.matches("v\\d{1,9}"))
                    .filter(n -> Files.exists(dir.resolve(n).resolve(METADATA)))
                    .forEach(n -> versions.add(Integer.parseInt(n.substring(1))));
        }
        versions.sort(Comparator.naturalOrder());
        return versions;
    }

    public void saveSeries(SavedSeries series) throws IOException {
        Path dir = root.resolve(series.id());
        Files.createDirectories(dir);
        Path tmp = Files.createTempFile(dir, "." + SERIES, ".tmp");
        json.writeValue(tmp.toFile(), series);
        Files.move(tmp, dir.resolve(SERIES), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }

    /** Every series saved, skipping unreadable ones (they are rebuilt on their next request). */
    public List<SavedSeries> series() throws IOException {
        if (!Files.isDirectory(root)) {
            return List.of();
        }
        List<SavedSeries> out = new ArrayList<>();
        try (Stream<Path> dirs = Files.list(root)) {
            for (Path d : dirs.filter(d -> Files.isRegularFile(d.resolve(SERIES))).toList()) {
                try {
                    out.add(json.readValue(d.resolve(SERIES).toFile(), SavedSeries.class));
                } catch (IOException e) {
                    // left for the next request of that series to rebuild
                }
            }
        }
        return out;
    }

    private static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
