-- What the scorer answered when a decision was made, kept with the decision (issue 13): the model
-- that decided (or the fallback), and its answer for the deciding series as JSON (which component
-- decided and why, the model version, the window's values, forecast, band and scores).
ALTER TABLE episode_decision ADD COLUMN scorer_model VARCHAR(512);
ALTER TABLE episode_decision ADD COLUMN scorer_evidence TEXT;
