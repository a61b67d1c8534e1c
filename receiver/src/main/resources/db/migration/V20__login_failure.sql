-- The console's and the API's failed logins per account, shared by every replica on the store
-- (LoginThrottle): the account is held once it has failed loginFailuresPerMinute times within a
-- minute, whichever replica it tried. The account is kept as the SHA-256 of its lowercased name
-- (callers type anything there); rows older than the minute are deleted as failures come.
CREATE TABLE login_failure (
    account_key  CHAR(64)                 NOT NULL,
    failed_at    TIMESTAMP WITH TIME ZONE NOT NULL
);
CREATE INDEX ix_login_failure_account ON login_failure (account_key, failed_at);
CREATE INDEX ix_login_failure_at ON login_failure (failed_at);
