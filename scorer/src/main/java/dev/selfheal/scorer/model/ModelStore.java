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
import java.util.List;
import java.util.stream.Stream;

/**
 * Saves a model as a directory {@code <modelDir>/<id>/}: {@code metadata.json} (settings, feature
 * order, scaler, calibration, training window, version), {@code forest.ser} and the LSTM's
 * {@code lstm-0000.params}. Written to a temporary directory and renamed, so a crash never leaves
 * half a model.
 */
public final class ModelStore {

    static final String METADATA = "metadata.json";
    static final String FOREST = "forest.ser";
    private static final ObjectInputFilter FOREST_CLASSES = ObjectInputFilter.Config.createFilter(
            "dev.selfheal.scorer.forest.*;smile.anomaly.*;smile.**;java.lang.*;java.util.*;[D;[I;[Lsmile.**;!*");

    private final Path root;
    private final ObjectMapper json = new ObjectMapper().registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS).enable(SerializationFeature.INDENT_OUTPUT);

    public ModelStore(Path root) {
        this.root = root;
    }

    public Path root() {
        return root;
    }

    public void save(DetectorModel model) throws IOException {
        String id = model.metadata().id();
        Files.createDirectories(root);
        Path tmp = Files.createTempDirectory(root, "." + id + "-");
        json.writeValue(tmp.resolve(METADATA).toFile(), model.metadata());
        try (OutputStream out = Files.newOutputStream(tmp.resolve(FOREST));
             ObjectOutputStream objects = new ObjectOutputStream(out)) {
            objects.writeObject(model.forest());
        }
        model.lstm().save(tmp);
        Path target = root.resolve(id);
        if (Files.exists(target)) {
            Path old = root.resolve("." + id + "-old-" + System.nanoTime());
            Files.move(target, old, StandardCopyOption.ATOMIC_MOVE);
            Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE);
            deleteTree(old);
        } else {
            Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE);
        }
    }

    public DetectorModel load(String id) throws IOException {
        Path dir = root.resolve(id);
        ModelMetadata metadata = json.readValue(dir.resolve(METADATA).toFile(), ModelMetadata.class);
        IsolationForestModel forest;
        try (InputStream in = Files.newInputStream(dir.resolve(FOREST));
             ObjectInputStream objects = new ObjectInputStream(in)) {
            objects.setObjectInputFilter(FOREST_CLASSES);
            forest = (IsolationForestModel) objects.readObject();
        } catch (ClassNotFoundException | ClassCastException e) {
            throw new IOException("model " + id + ": forest.ser is not a forest", e);
        }
        LstmForecaster lstm = LstmForecaster.load(dir, metadata.settings().window(), metadata.settings().hidden());
        return new DetectorModel(metadata, lstm, forest);
    }

    /** Ids of the saved models (directories holding a metadata file). */
    public List<String> ids() throws IOException {
        if (!Files.isDirectory(root)) {
            return List.of();
        }
        List<String> ids = new ArrayList<>();
        try (Stream<Path> dirs = Files.list(root)) {
            dirs.filter(d -> !d.getFileName().toString().startsWith(".") && Files.exists(d.resolve(METADATA)))
                    .forEach(d -> ids.add(d.getFileName().toString()));
        }
        return ids;
    }

    private static void deleteTree(Path dir) throws IOException {
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path p : walk.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
