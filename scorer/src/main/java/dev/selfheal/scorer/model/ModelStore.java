package dev.selfheal.scorer.model;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import dev.selfheal.scorer.forest.IsolationForestModel;
import dev.selfheal.scorer.lstm.LstmForecaster;
import dev.selfheal.scorer.store.Blobs;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A series' saved versions and state in the {@link Blobs}: {@code v<N>} holds one model version
 * whole (its metadata as JSON, the LSTM's weights, the forest's flat trees: about 60 KB), so a
 * version is written in one atomic step; {@code series.json} is what the service needs to find the
 * series again after a restart; {@code state} is its detector's saved state. The newest
 * {@code keep} versions stay.
 */
public final class ModelStore {

    public static final String SERIES = "series.json";
    public static final String STATE = "state";
    private static final int FORMAT = 2;

    /**
     * What a restarted service needs to rebuild a series' state: the query and labels it comes
     * from, its step, and the first point of its replay (epoch ms; the grid is origin + k·step).
     */
    public record SavedSeries(String id, String query, java.util.Map<String, String> labels, long stepMillis,
                              long originMillis) {
    }

    private final Blobs blobs;
    private final int keep;
    private final ObjectMapper json = new ObjectMapper().registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);

    public ModelStore(Blobs blobs, int keep) {
        this.blobs = blobs;
        this.keep = Math.max(1, keep);
    }

    public Blobs blobs() {
        return blobs;
    }

    private static String versionName(int version) {
        return "v" + version;
    }

    /** Saves a version, then deletes the versions older than the newest {@code keep}. */
    public void save(DetectorModel model) throws IOException {
        ModelMetadata m = model.metadata();
        blobs.put(m.id(), versionName(m.version()), bytes(json.writeValueAsBytes(m), model.lstm().toBytes(),
                model.forest().toBytes()));
        List<Integer> versions = versions(m.id());
        for (int i = 0; i + keep < versions.size(); i++) {
            blobs.delete(m.id(), versionName(versions.get(i)));
        }
    }

    private static byte[] bytes(byte[]... parts) {
        int total = 4;
        for (byte[] p : parts) {
            total += 4 + p.length;
        }
        ByteBuffer b = ByteBuffer.allocate(total).putInt(FORMAT);
        for (byte[] p : parts) {
            b.putInt(p.length).put(p);
        }
        return b.array();
    }

    private static byte[][] parts(byte[] blob, int count) throws IOException {
        ByteBuffer b = ByteBuffer.wrap(blob);
        if (b.remaining() < 4 || b.getInt() != FORMAT) {
            throw new IOException("not a saved model of this scorer's format");
        }
        byte[][] out = new byte[count][];
        for (int i = 0; i < count; i++) {
            int n = b.remaining() >= 4 ? b.getInt() : -1;
            if (n < 0 || n > b.remaining()) {
                throw new IOException("a saved model cut short");
            }
            out[i] = new byte[n];
            b.get(out[i]);
        }
        return out;
    }

    /** A saved version's metadata, without building the model. */
    public Optional<ModelMetadata> metadata(String id, int version) {
        try {
            Optional<byte[]> blob = blobs.get(id, versionName(version));
            if (blob.isEmpty()) {
                return Optional.empty();
            }
            return Optional.of(json.readValue(parts(blob.get(), 1)[0], ModelMetadata.class));
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    public DetectorModel load(String id, int version) throws IOException {
        byte[] blob = blobs.get(id, versionName(version))
                .orElseThrow(() -> new IOException("model " + id + " v" + version + " is not saved"));
        byte[][] parts = parts(blob, 3);
        try {
            ModelMetadata metadata = json.readValue(parts[0], ModelMetadata.class);
            return new DetectorModel(metadata, LstmForecaster.fromBytes(parts[1]),
                    IsolationForestModel.fromBytes(parts[2]));
        } catch (IllegalArgumentException e) {
            throw new IOException("model " + id + " v" + version + ": " + e.getMessage(), e);
        }
    }

    /** The saved versions of a series, oldest first. */
    public List<Integer> versions(String id) throws IOException {
        List<Integer> versions = new ArrayList<>();
        for (String name : blobs.names(id)) {
            if (name.matches("v\\d{1,9}")) {
                versions.add(Integer.parseInt(name.substring(1)));
            }
        }
        versions.sort(null);
        return versions;
    }

    public void saveSeries(SavedSeries series) throws IOException {
        blobs.put(series.id(), SERIES, json.writeValueAsBytes(series));
    }

    /** One series as listed, if it is (by another replica, or before a restart). */
    public Optional<SavedSeries> series(String id) {
        try {
            Optional<byte[]> blob = blobs.get(id, SERIES);
            return blob.isEmpty() ? Optional.empty() : Optional.of(json.readValue(blob.get(), SavedSeries.class));
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    /** Every series saved, skipping unreadable ones (they are rebuilt on their next request). */
    public List<SavedSeries> series() throws IOException {
        List<SavedSeries> out = new ArrayList<>();
        for (Map.Entry<String, byte[]> e : blobs.all(SERIES).entrySet()) {
            try {
                out.add(json.readValue(e.getValue(), SavedSeries.class));
            } catch (IOException ignored) {
                // left for the next request of that series to rebuild
            }
        }
        return out;
    }

    /** Saves a detector's state unless a newer one (more points seen) is saved; true when written. */
    public boolean saveState(String id, long seen, byte[] state) throws IOException {
        return blobs.putIfNewer(id, STATE, seen, state);
    }

    public Optional<byte[]> state(String id) throws IOException {
        return blobs.get(id, STATE);
    }

    /**
     * Gives {@code target} a copy of the {@code source} series' saved versions and state, as if it
     * had seen the same points (its own blobs; the versions' metadata names the target).
     */
    public void copy(String source, SavedSeries target) throws IOException {
        for (int version : versions(source)) {
            DetectorModel model = load(source, version);
            ModelMetadata m = model.metadata();
            ModelMetadata renamed = new ModelMetadata(target.id(), target.query(), target.labels(), m.version(),
                    m.trainedAt(), m.trainingPoints(), m.trainingFrom(), m.trainingTo(), m.settings(), m.featureOrder(),
                    m.scalerMedian(), m.scalerScale(), m.calibration(), m.leftOutPoints());
            blobs.put(target.id(), versionName(version), bytes(json.writeValueAsBytes(renamed),
                    model.lstm().toBytes(), model.forest().toBytes()));
        }
        for (String name : blobs.names(source)) {
            if (!name.equals(SERIES) && !name.matches("v\\d{1,9}")) {
                Optional<byte[]> blob = blobs.get(source, name);
                if (blob.isPresent()) {
                    blobs.put(target.id(), name, blob.get()); // its state and summary
                }
            }
        }
        saveSeries(target);
    }
}
