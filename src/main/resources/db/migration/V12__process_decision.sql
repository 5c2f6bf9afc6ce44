-- The decisions that the models' gateways follow, as the service recorded them from the
-- validated answer of the person whose decision it was (decision/DecisionRecord). No task
-- completion, variable write or operator command reaches this table: gateways read it, not
-- the process variables a completer could send.
create table process_decision (
    process_instance_id  varchar(64)   not null,
    name                 varchar(64)   not null,
    decision_value       varchar(64)   not null,
    decided_by           varchar(64)   not null,
    task_id              varchar(64),
    decided_at           timestamp with time zone not null,
    primary key (process_instance_id, name)
);
