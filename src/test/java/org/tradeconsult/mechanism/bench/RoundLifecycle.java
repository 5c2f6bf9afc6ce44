package org.tradeconsult.mechanism.bench;

import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.identity.Group;
import org.camunda.bpm.engine.runtime.Job;
import org.camunda.bpm.engine.task.Task;
import org.tradeconsult.mechanism.round.RoundProcess;

/**
 * One round lifecycle, step by step through the engine's Java API, for our model and for its bare
 * replica (bpmn/bench/bare-round.bpmn). Both take the same path: a principal round whose leaders
 * must endorse the outcome, arrangements agreed at once, one session, both co-leads approve,
 * separate readouts, no commitments. Both get the same variables at every step (the bare model's
 * decisions read them directly, ours through its delegates and mappings), both run as the same
 * demo users with the engine's authorizations on, and both run their asynchronous joins with
 * {@code executeJob} in the driving thread (job executor off), so every step is one transaction.
 */
final class RoundLifecycle {

  static final String BARE_KEY = "bare-round";

  /** User tasks of the driven path, in order; joins and timers follow from the models. */
  static final List<String> USER_TASKS = List.of(
      RoundProcess.TASK_PROPOSE_ARRANGEMENTS, RoundProcess.TASK_CONFIRM_ARRANGEMENTS,
      RoundProcess.TASK_PROPOSE_AGENDA_US, RoundProcess.TASK_PROPOSE_AGENDA_CN, RoundProcess.TASK_FINALISE_AGENDA,
      RoundProcess.TASK_RECORD_SESSION, RoundProcess.TASK_APPROVE_OUTCOME_US, RoundProcess.TASK_APPROVE_OUTCOME_CN,
      RoundProcess.TASK_RECORD_ENDORSEMENT_US, RoundProcess.TASK_RECORD_ENDORSEMENT_CN,
      RoundProcess.TASK_PUBLISH_READOUT_US, RoundProcess.TASK_PUBLISH_READOUT_CN);

  static final LocalDate START = LocalDate.now(ZoneOffset.UTC).plusDays(20);

  private final ProcessEngine engine;
  private final boolean bare;
  private final Map<String, List<String>> groups = new ConcurrentHashMap<>();
  /** Engine commands (each its own transaction) issued by the driver. */
  final AtomicLong transactions = new AtomicLong();

  RoundLifecycle(ProcessEngine engine, boolean bare) {
    this.engine = engine;
    this.bare = bare;
  }

  boolean isBare() {
    return bare;
  }

  /** Drives one round from its start to its end; returns the process instance id. */
  String run(int no) {
    Map<String, Object> start = vars("level", "PRINCIPAL", "title", "Bench round " + no, "startDate", START.toString(),
        "endDate", START.plusDays(1).toString(), "topics", "TARIFFS,EXPORT_CONTROLS", "requestedHost", "US",
        "leadersEndorsementRequired", true);
    if (bare) {
      // what RegisterRoundDelegate works out for our model
      start.put("conveningSecretariat", "us-secretariat");
      start.put("counterpartSecretariat", "cn-secretariat");
    }
    String pi = as("us-secretary", () -> bare
        ? engine.getRuntimeService().startProcessInstanceByKey(BARE_KEY, "BARE-" + no, start).getId()
        : engine.getRuntimeService().startProcessInstanceByKey(RoundProcess.KEY, start).getId());
    transactions.incrementAndGet();

    complete(pi, RoundProcess.TASK_PROPOSE_ARRANGEMENTS, "us-secretary", vars("host", "US", "venue", "Washington",
        "startDate", START.toString(), "endDate", START.plusDays(1).toString()));
    complete(pi, RoundProcess.TASK_CONFIRM_ARRANGEMENTS, "cn-secretary", vars("arrangementsDecision", "AGREE"));
    complete(pi, RoundProcess.TASK_PROPOSE_AGENDA_US, "us-secretary",
        side("US", "topics", "[\"TARIFFS\",\"EXPORT_CONTROLS\"]", "delegation", "Treasury Secretary\nU.S. Trade Representative"));
    complete(pi, RoundProcess.TASK_PROPOSE_AGENDA_CN, "cn-secretary",
        side("CN", "topics", "[\"TARIFFS\"]", "delegation", "Vice Premier\nVice Minister of Commerce"));
    runJobs(pi);
    complete(pi, RoundProcess.TASK_FINALISE_AGENDA, "us-secretary", vars("agenda", "Tariffs\nExport controls"));
    complete(pi, RoundProcess.TASK_RECORD_SESSION, "us-secretary", vars("itemOutcomes", "Tariffs | AGREED\nExport controls | DEFERRED",
        "outcomeForm", "SEPARATE_READOUTS", "commitments", null, "anotherSession", false));
    complete(pi, RoundProcess.TASK_APPROVE_OUTCOME_US, "us-colead", side("US", "approval", "APPROVE", "rejectionReason", null));
    complete(pi, RoundProcess.TASK_APPROVE_OUTCOME_CN, "cn-colead", side("CN", "approval", "APPROVE", "rejectionReason", null));
    runJobs(pi);
    complete(pi, RoundProcess.TASK_RECORD_ENDORSEMENT_US, "us-secretary", side("US", "endorsement", "ENDORSED"));
    complete(pi, RoundProcess.TASK_RECORD_ENDORSEMENT_CN, "cn-secretary", side("CN", "endorsement", "ENDORSED"));
    runJobs(pi);
    complete(pi, RoundProcess.TASK_PUBLISH_READOUT_US, "us-secretary",
        vars("readoutText", "Readout of the U.S. side", "publishedAt", "2025-05-12T08:00:00Z"));
    complete(pi, RoundProcess.TASK_PUBLISH_READOUT_CN, "cn-secretary",
        vars("readoutText", "中方新闻稿", "publishedAt", "2025-05-12T08:00:00Z"));
    runJobs(pi);
    return pi;
  }

  /**
   * The task's own variables: our model maps them per side with input/output mappings; the bare
   * model has none, so the driver gives them the side's name (approvalUS …) itself.
   */
  private Map<String, Object> side(String side, Object... keysAndValues) {
    Map<String, Object> map = vars(keysAndValues);
    if (!bare) {
      return map;
    }
    Map<String, Object> sided = new HashMap<>();
    map.forEach((k, v) -> sided.put(k + side, v));
    return sided;
  }

  private void complete(String pi, String taskKey, String user, Map<String, Object> variables) {
    Task task = engine.getTaskService().createTaskQuery().processInstanceId(pi).taskDefinitionKey(taskKey).singleResult();
    if (task == null) {
      throw new IllegalStateException("no task " + taskKey + " in " + (bare ? BARE_KEY : RoundProcess.KEY) + " " + pi);
    }
    as(user, () -> {
      engine.getTaskService().complete(task.getId(), variables);
      return null;
    });
    transactions.incrementAndGet();
  }

  private void runJobs(String pi) {
    for (int i = 0; i < 10; i++) {
      List<Job> jobs = engine.getManagementService().createJobQuery().processInstanceId(pi).messages().list();
      if (jobs.isEmpty()) {
        return;
      }
      for (Job job : jobs) {
        engine.getManagementService().executeJob(job.getId());
        transactions.incrementAndGet();
      }
    }
    throw new IllegalStateException("asynchronous jobs keep coming in " + pi);
  }

  private <T> T as(String user, java.util.function.Supplier<T> action) {
    List<String> userGroups = groups.computeIfAbsent(user, u ->
        engine.getIdentityService().createGroupQuery().groupMember(u).list().stream().map(Group::getId).toList());
    engine.getIdentityService().setAuthentication(user, userGroups);
    try {
      return action.get();
    } finally {
      engine.getIdentityService().clearAuthentication();
    }
  }

  static Map<String, Object> vars(Object... keysAndValues) {
    Map<String, Object> map = new HashMap<>();
    for (int i = 0; i < keysAndValues.length; i += 2) {
      map.put((String) keysAndValues[i], keysAndValues[i + 1]);
    }
    return map;
  }
}
