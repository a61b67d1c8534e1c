-- Every stored state is one of its enum's values (issue 15: typed states). A value outside the
-- set is refused by the store itself, whatever code path writes it. StoredStatesTest compares each
-- list with the Java enum or constants it comes from.
ALTER TABLE episode ADD CONSTRAINT ck_episode_status CHECK (status IN ('firing', 'resolved'));
ALTER TABLE alert_delivery ADD CONSTRAINT ck_alert_delivery_status CHECK (status IN ('firing', 'resolved'));
ALTER TABLE pipeline_work ADD CONSTRAINT ck_pipeline_work_stage
    CHECK (stage IN ('decide', 'resolved', 'act', 'verify'));
ALTER TABLE episode_decision ADD CONSTRAINT ck_episode_decision_kind
    CHECK (kind IN ('REMEDIATE', 'SHADOW', 'AWAIT_APPROVAL', 'PAGE_ONLY', 'SUPPRESSED', 'IGNORE'));
ALTER TABLE action_execution ADD CONSTRAINT ck_action_execution_state
    CHECK (state IN ('STARTED', 'SUCCEEDED', 'NOOP', 'FAILED', 'REFUSED', 'UNKNOWN'));
ALTER TABLE remediation ADD CONSTRAINT ck_remediation_state
    CHECK (state IN ('ACTING', 'VERIFYING', 'AWAITING_APPROVAL', 'HEALED', 'ESCALATED', 'CANCELLED', 'REJECTED',
                     'EXPIRED'));
ALTER TABLE pagerduty_outbox ADD CONSTRAINT ck_pagerduty_outbox_event_action
    CHECK (event_action IN ('trigger', 'acknowledge', 'change', 'resolve'));
ALTER TABLE pagerduty_outbox ADD CONSTRAINT ck_pagerduty_outbox_state CHECK (state IN ('PENDING', 'DELIVERED', 'DEAD'));
