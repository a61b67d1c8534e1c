package dev.selfheal.receiver.playbook;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The action types are found beside the receiver's classes, and the docs' table is theirs. */
class ActionTypesTest {

    @Test
    void everyActionOfTheReceiverIsFound() {
        assertThat(ActionTypes.all().keySet()).containsExactly("delete-pod", "evict-pod", "http", "rollback",
                "rollout-restart", "scale");
        assertThat(ActionTypes.all().values()).allSatisfy(t -> {
            assertThat(t.targetKinds()).isNotEmpty();
            assertThat(t.description()).isNotBlank();
        });
        assertThat(ActionTypes.of("reboot-node")).isEmpty();
    }

    @Test
    void theDocsActionTableIsTheCodes() throws IOException {
        assertThat(Files.readString(Path.of("../docs/architecture.md"))).contains(ActionTypes.markdownTable());
    }
}
