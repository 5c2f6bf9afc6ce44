-- GET /api/v1/rounds pages by "created_at desc nulls last, id asc nulls last" (RoundQueryRepository,
-- default sort createdAt,desc). The indexes of V2 cannot give that order (created_at is indexed
-- ascending with nulls last, and a backward scan yields nulls first), so every page sorted all
-- matching rows: at 100k rounds, 50 ms for ?status=CONCLUDED (docs/PERFORMANCE.md, table 3).
-- With these, a page is the first rows of an index range.
create index consultation_round_status_page on consultation_round (status, created_at desc nulls last, id);
create index consultation_round_page on consultation_round (created_at desc nulls last, id);
