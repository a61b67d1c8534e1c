-- The console's and the API's list filtered by alert name, newest first.
CREATE INDEX ix_episode_alertname ON episode (alertname, starts_at_ns);
