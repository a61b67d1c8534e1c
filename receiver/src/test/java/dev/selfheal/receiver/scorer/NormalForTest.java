package dev.selfheal.receiver.scorer;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** How long the scorer's answer shows the series back inside its band: the trailing run of points in band. */
class NormalForTest {

    private static JsonNode result(String explain) throws Exception {
        return new ObjectMapper().readTree("{\"explain\":" + explain + "}");
    }

    @Test
    void theTrailingRunOfPointsInsideTheirBandTimesTheStep() throws Exception {
        JsonNode r = result("{\"timestamps\":[1,3,5,7,9],\"values\":[0.6,0.7,0.1,0.05,0.2],"
                + "\"bandLow\":[0,0,0,0,0],\"bandHigh\":[0.2,0.2,0.2,0.2,0.2]}");
        assertThat(ScorerAnswers.normalFor(r, Duration.ofSeconds(2))).isEqualTo(Duration.ofSeconds(6));
    }

    @Test
    void theLatestPointOutsideItsBandIsZero() throws Exception {
        JsonNode r = result("{\"timestamps\":[1,3],\"values\":[0.1,0.6],\"bandLow\":[0,0],\"bandHigh\":[0.2,0.2]}");
        assertThat(ScorerAnswers.normalFor(r, Duration.ofSeconds(2))).isEqualTo(Duration.ZERO);
    }

    @Test
    void aPointWithoutABandEndsTheRunAndNoBandAtTheLatestPointIsUnknown() throws Exception {
        JsonNode gap = result("{\"timestamps\":[1,3,5],\"values\":[0.1,0.1,0.1],\"bandLow\":[0,null,0],"
                + "\"bandHigh\":[0.2,null,0.2]}");
        assertThat(ScorerAnswers.normalFor(gap, Duration.ofSeconds(2))).isEqualTo(Duration.ofSeconds(2));
        JsonNode none = result("{\"timestamps\":[1],\"values\":[0.1],\"bandLow\":[null],\"bandHigh\":[null]}");
        assertThat(ScorerAnswers.normalFor(none, Duration.ofSeconds(2))).isNull();
        assertThat(ScorerAnswers.normalFor(result("{}"), Duration.ofSeconds(2))).isNull();
    }
}
