package org.tradeconsult.mechanism.decision;

import java.time.Clock;
import java.time.OffsetDateTime;
import java.util.Optional;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.DelegateTask;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.tradeconsult.mechanism.identity.CurrentUserService;

/**
 * The decisions a process follows, kept by the service (table {@code process_decision}), in the
 * engine's transaction: written from a task's validated answer with who gave it, read by the
 * models' gateways as {@code ${decisions.is(execution, 'approvalUS', 'APPROVE')}}. Gateways do
 * not read process variables for a decision, because variables are what a completion carries;
 * this table no completion, variable write or operator command of the engine reaches.
 *
 * <p>One row per process instance and decision name: a later answer to the same question (the
 * next session, a second approval after a rejection) replaces the earlier one, which stays in
 * the audit trail.
 */
@Service("decisions")
public class DecisionRecord {

  private final JdbcClient jdbc;
  private final Clock clock;
  private final CurrentUserService users;

  DecisionRecord(JdbcClient jdbc, Clock clock, CurrentUserService users) {
    this.jdbc = jdbc;
    this.clock = clock;
    this.users = users;
  }

  /** Records the validated answer of the person completing the task, as the decision of its process. */
  public void record(DelegateTask task, String name, Object value) {
    write(task.getProcessInstanceId(), name, String.valueOf(value), task.getId());
  }

  /** Records a decision the service itself took in a process step. */
  public void record(DelegateExecution execution, String name, Object value) {
    write(execution.getProcessInstanceId(), name, String.valueOf(value), null);
  }

  private void write(String processInstanceId, String name, String value, String taskId) {
    int updated = jdbc.sql("""
            update process_decision set decision_value = :value, decided_by = :actor, task_id = :taskId, decided_at = :at
            where process_instance_id = :pid and name = :name
            """)
        .param("value", value).param("actor", users.currentActor()).param("taskId", taskId)
        .param("at", OffsetDateTime.now(clock)).param("pid", processInstanceId).param("name", name)
        .update();
    if (updated == 0) {
      jdbc.sql("""
              insert into process_decision (process_instance_id, name, decision_value, decided_by, task_id, decided_at)
              values (:pid, :name, :value, :actor, :taskId, :at)
              """)
          .param("value", value).param("actor", users.currentActor()).param("taskId", taskId)
          .param("at", OffsetDateTime.now(clock)).param("pid", processInstanceId).param("name", name)
          .update();
    }
  }

  /** The recorded decision of this process, if taken. */
  public Optional<String> value(String processInstanceId, String name) {
    return jdbc.sql("select decision_value from process_decision where process_instance_id = :pid and name = :name")
        .param("pid", processInstanceId).param("name", name)
        .query(String.class).optional();
  }

  /** For gateways: whether the process's recorded decision {@code name} is {@code expected}. */
  public boolean is(DelegateExecution execution, String name, String expected) {
    return value(execution.getProcessInstanceId(), name).map(expected::equals).orElse(false);
  }
}
