-- What a decision was about, so shadow decisions count like the actions auto mode would have run
-- (cooldown, hourly limits, blast radius) and the shadow report can list targets; and whether the
-- episode was a test alert (selfheal_test="true"), which never counts.
ALTER TABLE episode_decision ADD COLUMN target TEXT;
ALTER TABLE episode_decision ADD COLUMN test_alert BOOLEAN DEFAULT FALSE NOT NULL;
CREATE INDEX ix_decision_shadow ON episode_decision (kind, decided_at);
