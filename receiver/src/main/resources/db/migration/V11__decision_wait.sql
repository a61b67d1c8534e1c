-- When a playbook's persistence wait (confirm.persist) ended before the decision asked the scorer
-- (issue 14): the demo and the console tell the deliberate wait from the receiver's own time.
ALTER TABLE episode_decision ADD COLUMN waited_until TIMESTAMP WITH TIME ZONE;
