package dev.selfheal.receiver.scorer;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.selfheal.receiver.domain.Verdict;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** The scorer's "now" read from its answer: what a decision after the wait and a verification go by. */
class NowAnswerTest {

    private static JsonNode answer(String results) throws Exception {
        return new ObjectMapper().readTree("{\"verdict\":{\"anomalous\":true,\"score\":0.0,\"threshold\":0.5},"
                + "\"results\":" + results + "}");
    }

    private static String result(boolean anomalous, double score, boolean outside, double seconds) {
        return "{\"anomalous\":" + anomalous + ",\"score\":" + score + ",\"model\":{\"status\":\"READY\",\"id\":\"m\","
                + "\"version\":4},\"decision\":{\"ratio\":1.2,\"reason\":\"r\"},\"now\":{\"outside\":" + outside
                + ",\"points\":3,\"seconds\":" + seconds + ",\"since\":\"2026-12-06T03:00:00Z\",\"words\":\"w"
                + outside + "\"}}";
    }

    @Test
    void theLatestPointsDecideAndTheRunIsHowLongTheyHaveBeenBack() throws Exception {
        Verdict back = ScorerAnswers.verdict(answer("[" + result(true, 0.0, false, 6) + "]"), 0.5, Duration.ofSeconds(2))
                .orElseThrow();
        assertThat(back.now().outside()).isFalse();
        assertThat(back.outsideBandNow()).as("an open event does not make a series that is back outside").isFalse();
        assertThat(back.normalFor()).isEqualTo(Duration.ofSeconds(6));
        assertThat(back.now().since()).isEqualTo(Instant.parse("2026-12-06T03:00:00Z"));
        assertThat(back.now().words()).isEqualTo("wfalse");
        Verdict outside = ScorerAnswers.verdict(answer("[" + result(false, 0.1, true, 10) + "]"), 0.5,
                Duration.ofSeconds(2)).orElseThrow();
        assertThat(outside.outsideBandNow()).as("outside now, though no event is open").isTrue();
        assertThat(outside.normalFor()).isEqualTo(Duration.ZERO);
    }

    @Test
    void aSeriesOutsideNowDecidesOverAnOpenEventElsewhere() throws Exception {
        Verdict v = ScorerAnswers.verdict(answer("[" + result(true, 0.9, false, 6) + "," + result(false, 0.1, true, 4)
                + "]"), 0.5, Duration.ofSeconds(2)).orElseThrow();
        assertThat(v.now().outside()).isTrue();
    }

    @Test
    void anAnswerWithoutNowKeepsTheOlderReading() throws Exception {
        JsonNode old = new ObjectMapper().readTree("{\"verdict\":{\"anomalous\":true,\"score\":0.9,\"threshold\":0.5},"
                + "\"results\":[{\"anomalous\":true,\"score\":0.9,\"decision\":{\"ratio\":1.5}}]}");
        Verdict v = ScorerAnswers.verdict(old, 0.5, Duration.ofSeconds(2)).orElseThrow();
        assertThat(v.now()).isNull();
        assertThat(v.outsideBandNow()).isTrue();
    }
}
