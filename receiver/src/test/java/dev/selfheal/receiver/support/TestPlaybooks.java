package dev.selfheal.receiver.support;

import dev.selfheal.receiver.playbook.Playbook;
import dev.selfheal.receiver.playbook.PlaybookLoader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** Playbooks written in a test as YAML, loaded (and checked) by the real loader. */
public final class TestPlaybooks {

    private TestPlaybooks() {
    }

    public static List<Playbook> load(String yaml) {
        try {
            Path file = Files.createTempFile("playbooks", ".yml");
            try {
                Files.writeString(file, yaml);
                return PlaybookLoader.load(file);
            } finally {
                Files.deleteIfExists(file);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The YAML written to a temporary playbooks file (deleted when the JVM exits), for SELFHEAL_PLAYBOOKS. */
    public static Path file(String yaml) {
        try {
            Path file = Files.createTempFile("playbooks", ".yml");
            file.toFile().deleteOnExit();
            return Files.writeString(file, yaml);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
