-- How far the intake journal (embedded mode) has been turned into episodes: advanced in the
-- transaction that records the episodes, so each journaled webhook is recorded exactly once.
CREATE TABLE intake_journal_checkpoint (
    id          INTEGER PRIMARY KEY,
    position    BIGINT  NOT NULL,
    updated_at  TIMESTAMP WITH TIME ZONE
);

INSERT INTO intake_journal_checkpoint (id, position) VALUES (1, 0);
