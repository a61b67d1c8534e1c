-- Who set the kill switch (an operator's name from the operators file), shown with when and why.
ALTER TABLE control_switch ADD COLUMN set_by VARCHAR(64);
-- Who approved or rejected a remediation, and when ("approved by ops at 2026-12-03T03:00:00Z"),
-- kept when its outcome moves on.
ALTER TABLE remediation ADD COLUMN approval VARCHAR(200);
