-- What the status board (GET /api/v1/dashboard) and the Prometheus gauges read, indexed so that
-- the board stays fast when years of ended rounds accumulate: counts come from index-only scans,
-- the lists from the head of an index.
create index consultation_round_status_level on consultation_round (status, level);
create index consultation_round_ended on consultation_round (ended_at);
create index statement_release on statement (status, release_at);
create index commitment_period_end on commitment (status, period_end);
-- Co-lead decisions are counted from the audit trail.
create index audit_event_action on audit_event (action);
