package dev.selfheal.receiver.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.selfheal.receiver.alertmanager.InvalidWebhookException;
import dev.selfheal.receiver.alertmanager.WebhookParser;
import dev.selfheal.receiver.domain.WebhookAlert;
import dev.selfheal.receiver.episode.Times;
import dev.selfheal.receiver.support.Api;
import dev.selfheal.receiver.support.Fixtures;
import io.agroal.api.AgroalDataSource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * 1,500 mutated bodies through the real endpoint and on into the store: never a 5xx, every
 * refusal a 4xx with a JSON {code, message}, the store gains exactly the episodes of the accepted
 * bodies (none from a refused one), and every alert an accepted body's answer lists as rejected
 * is kept as a dead letter. Runs on direct recording here and on the intake journal in
 * {@link WebhookHttpFuzzJournalTest}.
 */
@QuarkusTest
class WebhookHttpFuzzTest {

    /** Waits until what a 2xx accepted is in the store (direct: already). */
    protected void afterAccepted() {
    }

    @Inject
    AgroalDataSource dataSource;

    /**
     * Episodes created since {@code since}: counted by creation time, not as a difference of
     * totals, so that the retention job deleting another test's aged episodes meanwhile (the
     * application is shared by the test classes) does not change the count.
     */
    private long episodesSince(java.time.OffsetDateTime since) throws Exception {
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT COUNT(*) FROM episode WHERE created_at >= ?")) {
            ps.setObject(1, since);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    private boolean exists(String fingerprint, long startsAtNanos) throws Exception {
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT 1 FROM episode WHERE fingerprint = ? AND starts_at_ns = ?")) {
            ps.setString(1, fingerprint);
            ps.setLong(2, startsAtNanos);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next();
            }
        }
    }

    @Test
    void noBodyGetsA5xxAndRefusedBodiesLeaveNoEpisode() throws Exception {
        String salt = "fz" + System.nanoTime();
        List<String> fixtures = Fixtures.names().stream().map(n -> Fixtures.webhook(n, salt)).toList();
        WebhookMutator mutator = new WebhookMutator(7L, fixtures);
        WebhookParser parser = new WebhookParser(new ObjectMapper());
        java.time.OffsetDateTime before = java.time.OffsetDateTime.now(java.time.ZoneOffset.UTC);
        Set<String> expected = new HashSet<>();
        Set<String> deadBodies = new HashSet<>();
        int refused = 0;
        for (int i = 0; i < 1_500; i++) {
            byte[] body = mutator.next();
            boolean valid;
            List<WebhookAlert> alerts = List.of();
            try {
                alerts = parser.parse(body).alerts();
                valid = true;
            } catch (InvalidWebhookException e) {
                valid = false;
            }
            Set<String> fresh = new HashSet<>();
            for (WebhookAlert a : alerts) {
                long starts = Times.toNanos(a.startsAt());
                if (!exists(a.fingerprint(), starts)) {
                    fresh.add(a.fingerprint() + "@" + starts);
                }
            }
            List<dev.selfheal.receiver.domain.RejectedAlert> rejected = valid ? parser.parse(body).rejected() : List.of();
            Response r = Api.authed().contentType("application/json").body(body).post("/api/v1/alerts");
            if (r.statusCode() == 200) {
                expected.addAll(fresh);
                assertThat(r.jsonPath().getList("rejected")).as("input #%d", i).hasSize(rejected.size());
                rejected.forEach(a -> deadBodies.add(new String(a.body(), java.nio.charset.StandardCharsets.UTF_8)));
                afterAccepted();
            }
            assertThat(r.statusCode()).as("input #%d", i).isLessThan(500);
            if (valid) {
                assertThat(r.statusCode()).as("input #%d", i).isIn(200, 413);
            } else {
                refused++;
                assertThat(r.statusCode()).as("input #%d", i).isBetween(400, 499);
                assertThat(r.jsonPath().getString("code")).isNotBlank();
                assertThat(r.jsonPath().getString("message")).isNotBlank();
            }
        }
        assertThat(refused).isGreaterThan(300);
        assertThat(expected).isNotEmpty();
        assertThat(episodesSince(before)).isEqualTo(expected.size());
        for (String key : expected) {
            int at = key.lastIndexOf('@');
            assertThat(exists(key.substring(0, at), Long.parseLong(key.substring(at + 1)))).as(key).isTrue();
        }
        assertThat(deadBodies).isNotEmpty();
        assertThat(deadLetterBodies()).containsAll(deadBodies);
    }

    private Set<String> deadLetterBodies() throws Exception {
        Set<String> bodies = new HashSet<>();
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT body FROM intake_dead_letter WHERE kind = 'alert'");
             ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                bodies.add(rs.getString(1));
            }
        }
        return bodies;
    }
}
