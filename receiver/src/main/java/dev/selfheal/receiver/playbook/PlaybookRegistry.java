package dev.selfheal.receiver.playbook;

import dev.selfheal.receiver.config.ReceiverConfig;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * The playbooks in force. Loaded at start (an invalid file stops the start); re-read when the
 * file changes: a valid new set is applied, an invalid one is refused with its problems logged
 * and the old set kept.
 */
@ApplicationScoped
public class PlaybookRegistry {

    private static final Logger LOG = Logger.getLogger(PlaybookRegistry.class);

    private final Path file;
    private volatile List<Playbook> playbooks = List.of();
    private volatile FileTime loadedModified;
    private volatile Reload lastReload;

    /** The last load of the file: when, whether it was accepted, and if not why (the previous set stays). */
    public record Reload(Instant at, boolean accepted, String detail) {
    }

    public PlaybookRegistry(ReceiverConfig config) {
        this.file = config.playbooks();
    }

    void onStart(@Observes StartupEvent event) {
        if (!Files.exists(file)) {
            LOG.warnf("no playbooks file at %s (SELFHEAL_PLAYBOOKS): alerts are recorded, nothing is remediated",
                    file.toAbsolutePath());
            return;
        }
        load(); // throws: an invalid file stops the start
    }

    private void load() {
        try {
            FileTime modified = Files.getLastModifiedTime(file);
            playbooks = PlaybookLoader.load(file);
            loadedModified = modified;
            lastReload = new Reload(Instant.now(), true, playbooks.size() + " playbooks loaded");
            LOG.infof("loaded %d playbooks from %s: %s", playbooks.size(), file,
                    playbooks.stream().map(Playbook::name).toList());
        } catch (IOException e) {
            throw new PlaybookValidationException(List.of(file + ": cannot be read: " + e.getMessage()));
        }
    }

    @Scheduled(every = "${selfheal.playbooks-check-every}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void reloadIfChanged() {
        try {
            if (!Files.exists(file)) {
                return;
            }
            FileTime modified = Files.getLastModifiedTime(file);
            if (modified.equals(loadedModified)) {
                return;
            }
            load();
        } catch (PlaybookValidationException e) {
            lastReload = new Reload(Instant.now(), false, e.getMessage());
            LOG.errorf("the changed playbooks file was refused; the previous %d playbooks stay in force:%n%s",
                    playbooks.size(), e.getMessage());
            try {
                loadedModified = Files.getLastModifiedTime(file);
            } catch (IOException ignored) {
                // try again next time
            }
        } catch (IOException e) {
            LOG.warnf("playbooks file %s cannot be checked: %s", file, e.getMessage());
        }
    }

    /** The last load, or empty before the first. */
    public Optional<Reload> lastReload() {
        return Optional.ofNullable(lastReload);
    }

    public List<Playbook> all() {
        return playbooks;
    }

    public Optional<Playbook> find(String name) {
        return all().stream().filter(p -> p.name().equals(name)).findFirst();
    }

    public List<Playbook> matching(Map<String, String> labels) {
        return playbooks.stream().filter(p -> p.matches(labels)).toList();
    }
}
