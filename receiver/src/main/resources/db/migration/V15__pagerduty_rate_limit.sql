-- The PagerDuty rate limit per routing key, shared by every replica: one token bucket row per key,
-- taken under a row lock. The key is stored as its SHA-256, never itself.
CREATE TABLE pagerduty_rate_limit (
    key_id       VARCHAR(64) PRIMARY KEY,
    tokens       DOUBLE PRECISION NOT NULL,
    refilled_at  TIMESTAMP WITH TIME ZONE NOT NULL
);
