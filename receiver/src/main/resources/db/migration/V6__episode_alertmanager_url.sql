-- The Alertmanager that sent the episode (its externalURL), linked from PagerDuty events.
ALTER TABLE episode ADD COLUMN external_url TEXT;
