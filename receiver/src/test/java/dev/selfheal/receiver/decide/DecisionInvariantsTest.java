package dev.selfheal.receiver.decide;

import static org.assertj.core.api.Assertions.assertThat;

import dev.selfheal.receiver.domain.Decision;
import dev.selfheal.receiver.domain.Verdict;
import dev.selfheal.receiver.playbook.Playbook;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Every combination of mode × verdict × scorer-down policy × cooldown × hourly limit × blast
 * radius × pause (3 × 3 × 3 × 2 × 2 × 2 × 2 = 432), against the rules that must always hold.
 */
class DecisionInvariantsTest {

    @Test
    void theSafetyRulesHoldInEveryCombination() {
        List<Verdict> verdicts = List.of(DecisionPolicyTest.ANOMALOUS, DecisionPolicyTest.NORMAL, DecisionPolicyTest.DOWN);
        int checked = 0;
        for (Playbook.Mode mode : Playbook.Mode.values()) {
            for (Verdict verdict : verdicts) {
                for (Playbook.OnScorerUnavailable down : Playbook.OnScorerUnavailable.values()) {
                    for (boolean inCooldown : new boolean[] {false, true}) {
                        for (boolean overLimit : new boolean[] {false, true}) {
                            for (boolean blast : new boolean[] {false, true}) {
                                for (boolean paused : new boolean[] {false, true}) {
                                    List<Instant> earlier = new ArrayList<>();
                                    if (inCooldown) {
                                        earlier.add(DecisionPolicyTest.ago(5));
                                    }
                                    if (overLimit) {
                                        earlier.addAll(List.of(DecisionPolicyTest.ago(20), DecisionPolicyTest.ago(30),
                                                DecisionPolicyTest.ago(40)));
                                    }
                                    SafetyState safety = new SafetyState(paused, blast ? 5 : 0, 5);
                                    Playbook p = DecisionPolicyTest.with(mode, down);
                                    Decision d = DecisionPolicyTest.POLICY.decide(true, p, verdict, earlier, safety);
                                    String where = mode + "/" + (verdict.available() ? verdict.anomalous() ? "anomalous" : "normal" : "down")
                                            + "/" + down + "/cooldown=" + inCooldown + "/limit=" + overLimit + "/blast=" + blast
                                            + "/paused=" + paused + " → " + d;
                                    boolean confirmed = verdict.available() ? verdict.anomalous()
                                            : down == Playbook.OnScorerUnavailable.REMEDIATE;
                                    boolean free = !inCooldown && !overLimit && !blast && !paused;
                                    // acts only when confirmed (or policy says act without), in auto mode, with no limit holding
                                    assertThat(d.kind() == Decision.Kind.REMEDIATE).as(where)
                                            .isEqualTo(mode == Playbook.Mode.AUTO && confirmed && free);
                                    // shadow never acts or asks; a normal verdict is never paged
                                    if (mode == Playbook.Mode.SHADOW) {
                                        assertThat(d.kind()).as(where).isNotIn(Decision.Kind.REMEDIATE, Decision.Kind.AWAIT_APPROVAL);
                                    }
                                    if (verdict.available() && !verdict.anomalous()) {
                                        assertThat(d.kind()).as(where).isEqualTo(Decision.Kind.SUPPRESSED);
                                    }
                                    if (!verdict.available() && down == Playbook.OnScorerUnavailable.PAGE) {
                                        assertThat(d.kind()).as(where).isEqualTo(Decision.Kind.PAGE_ONLY);
                                    }
                                    assertThat(d.reason()).as(where).isNotBlank();
                                    checked++;
                                }
                            }
                        }
                    }
                }
            }
        }
        assertThat(checked).isEqualTo(432);
    }
}
