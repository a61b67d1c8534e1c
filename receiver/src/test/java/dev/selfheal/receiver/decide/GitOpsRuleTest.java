package dev.selfheal.receiver.decide;

import static org.assertj.core.api.Assertions.assertThat;

import dev.selfheal.receiver.domain.Decision;
import dev.selfheal.receiver.playbook.Playbook;
import dev.selfheal.receiver.support.TestPlaybooks;
import org.junit.jupiter.api.Test;

/** The gitops policy over a decision, by table: the playbook's key, else its actions' defaults. */
class GitOpsRuleTest {

    static final Playbook[] PLAYBOOKS = TestPlaybooks.load("""
            playbooks:
              - {name: scale, match: '{alertname="A"}', confirm: {query: 'up{job="{{ .job }}"}'},
                 target: {kind: deployment, namespaceLabel: namespace, nameLabel: deployment},
                 actions: [{type: rollout-restart}, {type: scale, by: 1}], mode: auto}
              - {name: restart, match: '{alertname="A"}', confirm: {query: 'up{job="{{ .job }}"}'},
                 target: {kind: deployment, namespaceLabel: namespace, nameLabel: deployment},
                 actions: [{type: rollout-restart}], mode: auto}
              - {name: refuse, match: '{alertname="A"}', confirm: {query: 'up{job="{{ .job }}"}'},
                 target: {kind: deployment, namespaceLabel: namespace, nameLabel: deployment},
                 actions: [{type: rollout-restart}], mode: auto, gitops: refuse}
              - {name: allow, match: '{alertname="A"}', confirm: {query: 'up{job="{{ .job }}"}'},
                 target: {kind: deployment, namespaceLabel: namespace, nameLabel: deployment},
                 actions: [{type: rollback}], mode: auto, gitops: allow}
            """).toArray(Playbook[]::new);
    static final Decision ACT = Decision.of(Decision.Kind.REMEDIATE, "confirmed");
    static final String ARGO = "Argo CD (argocd.argoproj.io/tracking-id=x)";

    @Test
    void eachPolicyOverARemediation() {
        assertThat(PLAYBOOKS[0].gitopsPolicy()).as("scale in the chain").isEqualTo(Playbook.GitOps.APPROVE);
        Decision approve = GitOpsRule.apply(ACT, PLAYBOOKS[0], "deployment/shop/cart", ARGO);
        assertThat(approve.kind()).isEqualTo(Decision.Kind.AWAIT_APPROVAL);
        assertThat(approve.reason()).contains("deployment/shop/cart is managed by " + ARGO, "gitops: approve");

        Decision allow = GitOpsRule.apply(ACT, PLAYBOOKS[1], "deployment/shop/cart", ARGO);
        assertThat(allow.kind()).isEqualTo(Decision.Kind.REMEDIATE);
        assertThat(allow.reason()).contains("managed by Argo CD", "gitops: allow");

        Decision refuse = GitOpsRule.apply(ACT, PLAYBOOKS[2], "deployment/shop/cart", ARGO);
        assertThat(refuse.kind()).isEqualTo(Decision.Kind.PAGE_ONLY);
        assertThat(refuse.cause()).isEqualTo(Decision.Cause.GUARD);

        assertThat(PLAYBOOKS[3].gitopsPolicy()).as("the key overrides rollback's default").isEqualTo(Playbook.GitOps.ALLOW);
    }

    @Test
    void withoutAToolOrWithoutAnActionTheDecisionStands() {
        assertThat(GitOpsRule.apply(ACT, PLAYBOOKS[0], "deployment/shop/cart", null)).isEqualTo(ACT);
        Decision suppressed = Decision.of(Decision.Kind.SUPPRESSED, Decision.Cause.NORMAL, "normal");
        assertThat(GitOpsRule.apply(suppressed, PLAYBOOKS[2], "deployment/shop/cart", ARGO)).isEqualTo(suppressed);
    }
}
