package dev.selfheal.receiver.auth;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** What each request needs, and which role may do it: the webhook token can post and read, never steer. */
class AccessTest {

    @Test
    void theWebhookRolePostsAlertsAndReadsButNeverApprovesOrPauses() {
        assertThat(Role.WEBHOOK.may(Access.need("POST", "/api/v1/alerts"))).isTrue();
        assertThat(Role.WEBHOOK.may(Access.need("GET", "/api/v1/episodes"))).isTrue();
        for (String path : new String[] {"/api/v1/actions/7/approve", "/api/v1/actions/7/reject", "/api/v1/pause",
                "/api/v1/resume", "/api/v1/intake/dead-letters/3/retry"}) {
            assertThat(Access.need("POST", path)).as(path).isEqualTo(Access.Need.OPERATE);
            assertThat(Role.WEBHOOK.may(Access.need("POST", path))).as(path).isFalse();
            assertThat(Role.VIEWER.may(Access.need("POST", path))).as(path).isFalse();
            assertThat(Role.OPERATOR.may(Access.need("POST", path))).as(path).isTrue();
        }
        assertThat(Access.need("DELETE", "/api/v1/intake/dead-letters/3")).isEqualTo(Access.Need.OPERATE);
        assertThat(Role.VIEWER.may(Access.need("POST", "/api/v1/alerts"))).isFalse();
    }

    @Test
    void pagesNeedALoginAndTheirFormsAnOperatorWhileHealthMetricsAndTheLoginPageAreOpen() {
        assertThat(Access.kind("/")).isEqualTo(Access.Kind.PAGE);
        assertThat(Access.kind("/episodes/4")).isEqualTo(Access.Kind.PAGE);
        assertThat(Access.need("GET", "/episodes/4")).isEqualTo(Access.Need.READ);
        assertThat(Access.need("POST", "/pause")).isEqualTo(Access.Need.OPERATE);
        assertThat(Access.need("POST", "/approvals/4/approve")).isEqualTo(Access.Need.OPERATE);
        assertThat(Access.need("POST", "/logout")).isEqualTo(Access.Need.READ);
        for (String open : new String[] {"/q/health/ready", "/q/metrics", "/q/openapi", "/login",
                "/console/assets/console.css", "/console/charts/4.png"}) {
            assertThat(Access.need("GET", open)).as(open).isEqualTo(Access.Need.OPEN);
        }
        assertThat(Access.need("POST", "/login")).isEqualTo(Access.Need.OPEN);
    }
}
