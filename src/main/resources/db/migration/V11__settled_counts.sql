-- The board and the metrics count what ended once and then only what ended since
-- (dashboard/StatusCounts): commitments need their end instant indexed as rounds have (V7).
create index commitment_ended on commitment (ended_at);
