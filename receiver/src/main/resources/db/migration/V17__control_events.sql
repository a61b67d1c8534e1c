-- PagerDuty change events that belong to no episode: the kill switch turned on or off, by whom.
ALTER TABLE pagerduty_outbox ALTER COLUMN episode_id DROP NOT NULL;
