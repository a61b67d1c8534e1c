-- When the scorer's reading of the latest points put the series back inside its band (the first
-- point of that run), for verifications the scorer took part in: what the timeline and the demo
-- show as "the scorer saw it back". NULL when the scorer did not see it back (or was not asked).
ALTER TABLE verification ADD COLUMN scorer_back_at TIMESTAMP WITH TIME ZONE;
