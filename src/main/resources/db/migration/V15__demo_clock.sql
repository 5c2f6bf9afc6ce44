-- The demo's clock (demo profile only): how far the service's time has been moved forward, so
-- that a restart does not send a training session back in time. One row at most.
create table demo_clock (
    id            integer      not null primary key,
    offset_millis bigint       not null,
    changed_at    timestamp    not null,
    changed_by    varchar(64)  not null,
    constraint demo_clock_one_row check (id = 1),
    constraint demo_clock_forward check (offset_millis >= 0)
);
