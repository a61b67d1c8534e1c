package dev.selfheal.receiver.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The worker runs one stage per work-queue stage, in the queue's order, whatever order CDI finds them in. */
class PipelineWorkerStagesTest {

    private static Stage stage(String name) {
        return new Stage() {
            @Override
            public String name() {
                return name;
            }

            @Override
            public Optional<Duration> process(WorkQueue.Item item) {
                return Optional.empty();
            }
        };
    }

    @Test
    void stagesRunInTheQueuesOrder() {
        List<Stage> ordered = PipelineWorker.inOrder(List.of(stage("verify"), stage("act"), stage("decide"),
                stage("resolved")));
        assertThat(ordered).extracting(Stage::name).containsExactly("decide", "resolved", "act", "verify");
    }

    @Test
    void aMissingOrDoubledStageRefusesToStart() {
        assertThatThrownBy(() -> PipelineWorker.inOrder(List.of(stage("decide"), stage("act"), stage("verify"))))
                .hasMessageContaining("exactly one stage for 'resolved', found 0");
        assertThatThrownBy(() -> PipelineWorker.inOrder(List.of(stage("decide"), stage("decide"), stage("act"),
                stage("verify"), stage("resolved")))).hasMessageContaining("exactly one stage for 'decide', found 2");
        assertThatThrownBy(() -> PipelineWorker.inOrder(List.of(stage("decide"), stage("act"), stage("verify"),
                stage("resolved"), stage("notify")))).hasMessageContaining("[notify]");
    }
}
