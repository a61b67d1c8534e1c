-- An attempt whose outcome is not known (the receiver died while sending, or PagerDuty did not
-- answer): the next attempt first asks PagerDuty's REST API whether the event arrived, when a
-- REST API token is configured, instead of sending it a second time.
ALTER TABLE pagerduty_outbox ADD COLUMN in_doubt BOOLEAN NOT NULL DEFAULT FALSE;
ALTER TABLE pagerduty_outbox ADD COLUMN attempted_at TIMESTAMP WITH TIME ZONE;
