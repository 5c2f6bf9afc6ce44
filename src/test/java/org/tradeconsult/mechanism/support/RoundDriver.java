package org.tradeconsult.mechanism.support;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.identity.Group;
import org.camunda.bpm.engine.runtime.Job;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.camunda.bpm.engine.task.Task;
import org.tradeconsult.mechanism.round.RoundCommandService;
import org.tradeconsult.mechanism.round.RoundProcess;
import org.tradeconsult.mechanism.round.RoundService;
import org.tradeconsult.mechanism.round.RoundStatus;

/**
 * Drives consultation rounds through the engine's Java API the way people do through Tasklist:
 * each step as a named demo user (so authorizations' server-side twin, the dual-control guard,
 * applies), jobs and timers run explicitly. After every step it checks that our status tables
 * agree with the engine.
 */
public class RoundDriver {

  public static final LocalDate START = LocalDate.now(ZoneOffset.UTC).plusDays(20);

  private final ProcessEngine engine;
  private final RoundService rounds;
  private final RoundCommandService commands;

  public RoundDriver(ProcessEngine engine, RoundService rounds, RoundCommandService commands) {
    this.engine = engine;
    this.rounds = rounds;
    this.commands = commands;
  }

  public static Map<String, Object> vars(Object... keysAndValues) {
    Map<String, Object> map = new HashMap<>();
    for (int i = 0; i < keysAndValues.length; i += 2) {
      map.put((String) keysAndValues[i], keysAndValues[i + 1]);
    }
    return map;
  }

  public static Map<String, Object> regularRound(String level) {
    return vars("level", level, "title", "Test " + level + " round", "startDate", START.toString(),
        "endDate", START.plusDays(1).toString(), "topics", "TARIFFS,EXPORT_CONTROLS", "requestedHost", "US");
  }

  public ProcessInstance convene(String user, Map<String, Object> variables) {
    return as(user, () -> engine.getRuntimeService().startProcessInstanceByKey(RoundProcess.KEY, variables));
  }

  public ProcessInstance request(String user, Map<String, Object> variables) {
    return as(user, () -> engine.getRuntimeService()
        .createMessageCorrelation(RoundProcess.MSG_AD_HOC_ROUND_REQUESTED)
        .setVariables(variables)
        .correlateStartMessage());
  }

  public void cancel(ProcessInstance round, String user, String reason) {
    as(user, () -> {
      commands.cancel(round.getBusinessKey(), reason);
      return null;
    });
    verifyTracking(round);
  }

  /** Completes the open task with this key as this user. */
  public void complete(ProcessInstance round, String taskKey, String user, Map<String, Object> variables) {
    Task task = task(round, taskKey);
    as(user, () -> {
      engine.getTaskService().complete(task.getId(), variables);
      return null;
    });
    verifyTracking(round);
  }

  public Task task(ProcessInstance round, String taskKey) {
    List<Task> tasks =
        engine.getTaskService().createTaskQuery().processInstanceId(round.getId()).taskDefinitionKey(taskKey).list();
    assertThat(tasks).as("open tasks %s", taskKey).hasSize(1);
    return tasks.get(0);
  }

  /** Runs the async continuations (joins, multi-instance) of the round until none is left. */
  public void runJobs(ProcessInstance round) {
    for (int i = 0; i < 20; i++) {
      List<Job> jobs = engine.getManagementService().createJobQuery().processInstanceId(round.getId()).messages().list();
      if (jobs.isEmpty()) {
        verifyTracking(round);
        return;
      }
      jobs.forEach(job -> engine.getManagementService().executeJob(job.getId()));
    }
    throw new AssertionError("async jobs keep coming for " + round.getId());
  }

  /** Waits until the round has an open task with this key (when the job executor runs the joins). */
  public Task awaitTask(ProcessInstance round, String taskKey, java.time.Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      Task task = engine.getTaskService().createTaskQuery().processInstanceId(round.getId()).taskDefinitionKey(taskKey).singleResult();
      if (task != null) {
        return task;
      }
      try {
        Thread.sleep(50);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException(e);
      }
    }
    throw new AssertionError("no task " + taskKey + " in round " + round.getBusinessKey() + " after " + timeout);
  }

  /**
   * A working-level round convened by the U.S. secretariat and prepared by both secretariats up
   * to the co-leads' approval: both approval tasks open. The agenda join is run here, or awaited
   * when the engine's job executor runs it.
   */
  public ProcessInstance roundAwaitingApproval() {
    ProcessInstance round = convene("us-secretary", regularRound("WORKING"));
    complete(round, RoundProcess.TASK_PROPOSE_ARRANGEMENTS, "us-secretary",
        vars("host", "US", "venue", "Washington", "startDate", START.toString(), "endDate", START.plusDays(1).toString()));
    complete(round, RoundProcess.TASK_CONFIRM_ARRANGEMENTS, "cn-secretary", vars("arrangementsDecision", "AGREE"));
    complete(round, RoundProcess.TASK_PROPOSE_AGENDA_US, "us-secretary", vars("topics", "TARIFFS", "delegation", "Deputy USTR"));
    complete(round, RoundProcess.TASK_PROPOSE_AGENDA_CN, "cn-secretary", vars("topics", "TARIFFS", "delegation", "Vice Minister"));
    if (engine.getProcessEngineConfiguration() instanceof org.camunda.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl config
        && config.getJobExecutor() != null && config.getJobExecutor().isActive()) {
      awaitTask(round, RoundProcess.TASK_FINALISE_AGENDA, java.time.Duration.ofSeconds(30));
    } else {
      runJobs(round);
    }
    complete(round, RoundProcess.TASK_FINALISE_AGENDA, "us-secretary", vars("agenda", "Tariffs"));
    complete(round, RoundProcess.TASK_RECORD_SESSION, "us-secretary",
        vars("itemOutcomes", "Tariffs | AGREED", "outcomeForm", "SEPARATE_READOUTS", "anotherSession", false));
    return round;
  }

  /** Fires the timer attached to this activity now, as the job executor would at its due date. */
  public void fireTimer(ProcessInstance round, String timerActivityId) {
    Job timer = engine.getManagementService().createJobQuery().processInstanceId(round.getId())
        .activityId(timerActivityId).timers().singleResult();
    assertThat(timer).as("timer %s", timerActivityId).isNotNull();
    engine.getManagementService().executeJob(timer.getId());
    verifyTracking(round);
  }

  /** The demo secretary of the side that convened the round (who finalises and records). */
  public String conveningSecretary(ProcessInstance round) {
    Object side = engine.getRuntimeService().getVariable(round.getId(), "conveningSide");
    return "US".equals(side) ? "us-secretary" : "cn-secretary";
  }

  public RoundStatus status(ProcessInstance round) {
    return rounds.find(round.getBusinessKey()).orElseThrow().status();
  }

  /**
   * Our open-task table lists exactly the tasks the engine has open for the round. With the job
   * executor on, a join may run between two reads: the engine is read before and after our
   * table, and only a pair of equal engine reads (nothing committed in between) is compared.
   */
  public void verifyTracking(ProcessInstance round) {
    for (int attempt = 1; ; attempt++) {
      List<String> before = engineTasks(round);
      boolean endedBefore = ended(round);
      List<String> ours = rounds.openTaskActivities(round.getBusinessKey());
      boolean terminal = status(round).isTerminal();
      if ((!before.equals(engineTasks(round)) || endedBefore != ended(round)) && attempt < 20) {
        continue;
      }
      assertThat(ours).isEqualTo(before);
      assertThat(terminal).as("terminal status iff the instance ended").isEqualTo(endedBefore);
      return;
    }
  }

  private List<String> engineTasks(ProcessInstance round) {
    return engine.getTaskService().createTaskQuery().processInstanceId(round.getId()).list().stream()
        .map(Task::getTaskDefinitionKey).sorted().toList();
  }

  private boolean ended(ProcessInstance round) {
    return engine.getRuntimeService().createProcessInstanceQuery().processInstanceId(round.getId()).count() == 0;
  }

  public <T> T as(String user, Supplier<T> action) {
    List<String> groups = engine.getIdentityService().createGroupQuery().groupMember(user).list().stream().map(Group::getId).toList();
    engine.getIdentityService().setAuthentication(user, groups);
    try {
      return action.get();
    } finally {
      engine.getIdentityService().clearAuthentication();
    }
  }
}
