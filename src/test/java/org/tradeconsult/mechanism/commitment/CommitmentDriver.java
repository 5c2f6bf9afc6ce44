package org.tradeconsult.mechanism.commitment;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Supplier;
import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.identity.Group;
import org.camunda.bpm.engine.runtime.Job;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.camunda.bpm.engine.task.Task;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Follows commitments up through the engine's Java API the way people do through Tasklist: each
 * step as a named demo user, timers and jobs run explicitly. After every step it checks that our
 * commitment table agrees with the engine: a final status exactly when the process has ended.
 */
class CommitmentDriver {

  static final LocalDate TODAY = LocalDate.now(ZoneOffset.UTC);

  private final ProcessEngine engine;
  private final CommitmentService commitments;
  private final JdbcClient jdbc;

  CommitmentDriver(ProcessEngine engine, CommitmentService commitments, JdbcClient jdbc) {
    this.engine = engine;
    this.commitments = commitments;
    this.jdbc = jdbc;
  }

  /** A round of its own, as if it had just been agreed, with no commitment yet. */
  String round() {
    String roundId = "R-TEST-" + UUID.randomUUID().toString().substring(0, 8).toUpperCase();
    OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
    jdbc.sql(
            """
            insert into consultation_round (id, process_instance_id, level, round_type, title, convening_side,
                status, status_since, created_at, created_by)
            values (:id, :pi, 'PRINCIPAL', 'REGULAR', 'Commitment test round', 'US', 'IMPLEMENTING', :now, :now, 'system')
            """)
        .param("id", roundId)
        .param("pi", "fixture-" + roundId)
        .param("now", now)
        .update();
    return roundId;
  }

  /** A commitment of the round in the given status, as the round's tally leaves it ({@code PENDING}) or any other. */
  String commitment(String roundId, int no, String owner, String action, LocalDate due, LocalDate periodStart, LocalDate periodEnd,
      String status) {
    String id = roundId + "-S1-C" + no;
    jdbc.sql(
            """
            insert into commitment (id, round_id, session_no, owner_side, action, due_date, period_start, period_end, status, created_at,
                ended_at)
            values (:id, :roundId, 1, :owner, :action, :due, :periodStart, :periodEnd, :status, :now, :endedAt)
            """)
        .param("id", id)
        .param("roundId", roundId)
        .param("owner", owner)
        .param("action", action)
        .param("due", due)
        .param("periodStart", periodStart)
        .param("periodEnd", periodEnd)
        .param("status", status)
        .param("now", OffsetDateTime.now(ZoneOffset.UTC))
        // a final status has its end instant, as the service writes it (the board's counts rely on it)
        .param("endedAt", Set.of("LAPSED", "CLOSED").contains(status) ? OffsetDateTime.now(ZoneOffset.UTC) : null)
        .update();
    return id;
  }

  /** Starts the follow-up of a new agreed commitment the way the round's call activity does. */
  ProcessInstance follow(String owner, String action, LocalDate due, LocalDate periodStart, LocalDate periodEnd) {
    String roundId = round();
    String id = commitment(roundId, 1, owner, action, due, periodStart, periodEnd, "PENDING");
    ProcessInstance instance = engine.getRuntimeService()
        .startProcessInstanceByKey(CommitmentProcess.KEY, id, Map.of("roundId", roundId, "commitmentId", id));
    verify(instance);
    return instance;
  }

  void complete(ProcessInstance instance, String taskKey, String user, Map<String, Object> variables) {
    Task task = task(instance, taskKey);
    as(user, () -> {
      engine.getTaskService().complete(task.getId(), variables);
      return null;
    });
    verify(instance);
  }

  Task task(ProcessInstance instance, String taskKey) {
    List<Task> tasks = engine.getTaskService().createTaskQuery().processInstanceId(instance.getId()).taskDefinitionKey(taskKey).list();
    assertThat(tasks).as("open tasks %s", taskKey).hasSize(1);
    return tasks.get(0);
  }

  List<String> candidateGroups(ProcessInstance instance, String taskKey) {
    return engine.getTaskService().getIdentityLinksForTask(task(instance, taskKey).getId()).stream()
        .filter(link -> link.getGroupId() != null)
        .map(link -> link.getGroupId())
        .sorted()
        .toList();
  }

  Job timer(ProcessInstance instance, String timerActivityId) {
    Job timer = engine.getManagementService().createJobQuery().processInstanceId(instance.getId())
        .activityId(timerActivityId).timers().singleResult();
    assertThat(timer).as("timer %s", timerActivityId).isNotNull();
    return timer;
  }

  Instant timerDue(ProcessInstance instance, String timerActivityId) {
    return timer(instance, timerActivityId).getDuedate().toInstant();
  }

  /** Fires the timer now, as the job executor does at its due date. */
  void fireTimer(ProcessInstance instance, String timerActivityId) {
    engine.getManagementService().executeJob(timer(instance, timerActivityId).getId());
    verify(instance);
  }

  /** Runs the asynchronous continuations of the process until none is left. */
  void runJobs(ProcessInstance instance) {
    for (int i = 0; i < 10; i++) {
      List<Job> jobs = engine.getManagementService().createJobQuery().processInstanceId(instance.getId()).messages().list();
      if (jobs.isEmpty()) {
        verify(instance);
        return;
      }
      jobs.forEach(job -> engine.getManagementService().executeJob(job.getId()));
    }
    throw new AssertionError("async jobs keep coming for " + instance.getId());
  }

  /** The commitment's row, with the columns the API does not show. */
  TrackedCommitment commitment(ProcessInstance instance) {
    return jdbc.sql("select * from commitment where id = :id").param("id", instance.getBusinessKey()).query(TrackedCommitment.class).single();
  }

  CommitmentStatus status(ProcessInstance instance) {
    return commitment(instance).status();
  }

  List<CommitmentStatus> statusHistory(ProcessInstance instance) {
    return commitments.statusHistory(instance.getBusinessKey()).stream().map(CommitmentStatusChange::status).toList();
  }

  /** Our table agrees with the engine: a final status exactly when the follow-up has ended. */
  void verify(ProcessInstance instance) {
    TrackedCommitment commitment = commitment(instance);
    boolean ended = engine.getRuntimeService().createProcessInstanceQuery().processInstanceId(instance.getId()).count() == 0;
    assertThat(commitment.processInstanceId()).isEqualTo(instance.getId());
    assertThat(commitment.status().isTerminal()).as("final status %s iff the process ended", commitment.status()).isEqualTo(ended);
    assertThat(commitment.endedAt() != null).isEqualTo(ended);
  }

  <T> T as(String user, Supplier<T> action) {
    List<String> groups = engine.getIdentityService().createGroupQuery().groupMember(user).list().stream().map(Group::getId).toList();
    engine.getIdentityService().setAuthentication(user, groups);
    try {
      return action.get();
    } finally {
      engine.getIdentityService().clearAuthentication();
    }
  }

  static Instant startOf(LocalDate day) {
    return day.atStartOfDay(ZoneOffset.UTC).toInstant();
  }
}
