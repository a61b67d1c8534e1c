-- How an event left in doubt (an attempt without an answer) was settled, so that it can be read
-- from the outbox API rather than from the log: CONFIRMED (PagerDuty's REST API showed it had
-- arrived; not sent again) or RESENT (sent again without knowing). NULL: never in doubt.
-- The values are OutboxDoubt's (StoredStatesTest).
ALTER TABLE pagerduty_outbox ADD COLUMN doubt VARCHAR(16);
ALTER TABLE pagerduty_outbox ADD CONSTRAINT ck_pagerduty_outbox_doubt CHECK (doubt IN ('CONFIRMED', 'RESENT'));
