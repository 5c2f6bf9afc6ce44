-- Idempotency keys of our API's creating requests (header Idempotency-Key). The first request
-- with a key inserts its row in the same transaction that starts the round, so the row exists
-- exactly when the round does. A concurrent duplicate blocks on the primary key until that
-- transaction ends: after a commit it finds the row and answers with the same round, after a
-- rollback it claims the key itself. Keys are per user: one user's key never answers another.
create table api_idempotency_key (
    user_id          varchar(64)   not null,
    idempotency_key  varchar(100)  not null,
    operation        varchar(64)   not null,   -- e.g. 'POST /api/v1/rounds'
    request_hash     varchar(64)   not null,   -- SHA-256 (hex) of the operation and the canonical body
    resource_id      varchar(64)   not null,   -- what the request created, e.g. the round id
    created_at       timestamp with time zone not null,
    primary key (user_id, idempotency_key)
);
create index api_idempotency_key_resource on api_idempotency_key (resource_id);
