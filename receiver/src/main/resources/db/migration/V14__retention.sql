-- The retention job finds resolved episodes by their last change.
CREATE INDEX ix_episode_retention ON episode (status, updated_at);
