package org.tradeconsult.mechanism.support;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.runtime.Job;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.camunda.bpm.engine.task.Task;
import org.tradeconsult.mechanism.round.RoundProcess;

/** Drives the joint statement of a round through Tasklist-like steps, as the demo users. */
public class StatementDriver {

  public static final String EN = "Joint Statement on U.S.-China Economic and Trade Meeting. The United States and China ...";
  public static final String ZH = "中美经贸会谈联合声明。中华人民共和国政府和美利坚合众国政府……";

  /**
   * How far ahead {@link #soon()} lies: long enough for the step that sets or moves the instant
   * (it must lie ahead then), short enough for {@link #fireRelease} to wait for it.
   */
  public static final Duration RELEASE_LEAD = Duration.ofSeconds(5);

  private final ProcessEngine engine;
  private final RoundDriver users;

  public StatementDriver(ProcessEngine engine, RoundDriver users) {
    this.engine = engine;
    this.users = users;
  }

  /** A principal round driven to its joint statement: agreed by both co-leads, statement opened. */
  public ProcessInstance roundAtItsJointStatement(java.util.function.Function<ProcessInstance, Void> runJobs) {
    ProcessInstance round = users.convene("us-secretary", RoundDriver.regularRound("PRINCIPAL"));
    users.complete(round, RoundProcess.TASK_PROPOSE_ARRANGEMENTS, "us-secretary", RoundDriver.vars("host", "CN", "venue", "Beijing",
        "startDate", RoundDriver.START.toString(), "endDate", RoundDriver.START.plusDays(1).toString()));
    users.complete(round, RoundProcess.TASK_CONFIRM_ARRANGEMENTS, "cn-secretary", RoundDriver.vars("arrangementsDecision", "AGREE"));
    users.complete(round, RoundProcess.TASK_PROPOSE_AGENDA_US, "us-secretary", RoundDriver.vars("topics", "TARIFFS", "delegation", "Treasury Secretary"));
    users.complete(round, RoundProcess.TASK_PROPOSE_AGENDA_CN, "cn-secretary", RoundDriver.vars("topics", "TARIFFS", "delegation", "Vice Premier"));
    runJobs.apply(round);
    users.awaitTask(round, RoundProcess.TASK_FINALISE_AGENDA, java.time.Duration.ofSeconds(30));
    users.complete(round, RoundProcess.TASK_FINALISE_AGENDA, "us-secretary", RoundDriver.vars("agenda", "Tariffs"));
    users.complete(round, RoundProcess.TASK_RECORD_SESSION, "us-secretary",
        RoundDriver.vars("itemOutcomes", "Tariffs | AGREED", "outcomeForm", "JOINT_STATEMENT", "anotherSession", false));
    users.complete(round, RoundProcess.TASK_APPROVE_OUTCOME_US, "us-colead", RoundDriver.vars("approval", "APPROVE"));
    users.complete(round, RoundProcess.TASK_APPROVE_OUTCOME_CN, "cn-colead", RoundDriver.vars("approval", "APPROVE"));
    runJobs.apply(round);
    return round;
  }

  /** The joint-statement instance that the round's call activity started. */
  public ProcessInstance statementOf(ProcessInstance round) {
    ProcessInstance statement = engine.getRuntimeService().createProcessInstanceQuery()
        .superProcessInstanceId(round.getId()).processDefinitionKey("joint-statement").singleResult();
    assertThat(statement).as("joint statement of %s", round.getBusinessKey()).isNotNull();
    return statement;
  }

  public void complete(ProcessInstance statement, String taskKey, String user, Map<String, Object> variables) {
    List<Task> tasks = engine.getTaskService().createTaskQuery().processInstanceId(statement.getId()).taskDefinitionKey(taskKey).list();
    assertThat(tasks).as("open task %s", taskKey).hasSize(1);
    users.as(user, () -> {
      engine.getTaskService().complete(tasks.get(0).getId(), variables);
      return null;
    });
  }

  public void draft(ProcessInstance statement, String en, String zh) {
    complete(statement, "Task_DraftEnglishText", "us-secretary", RoundDriver.vars("textEn", en));
    complete(statement, "Task_DraftChineseText", "cn-secretary", RoundDriver.vars("textZh", zh));
    runJobs(statement);
  }

  public void review(ProcessInstance statement, String ofEnglish, String ofChinese) {
    complete(statement, "Task_ReviewEnglishText", "cn-secretary",
        RoundDriver.vars("reviewDecision", ofEnglish, "reviewComment", ofEnglish.equals("REVISE") ? "Use 'Parties' throughout" : null));
    complete(statement, "Task_ReviewChineseText", "us-secretary",
        RoundDriver.vars("reviewDecision", ofChinese, "reviewComment", ofChinese.equals("REVISE") ? "请统一术语" : null));
    runJobs(statement);
  }

  public void schedule(ProcessInstance statement, String conveningSecretary, Instant releaseAt) {
    complete(statement, "Task_ScheduleRelease", conveningSecretary, RoundDriver.vars("releaseAt", releaseAt.toString()));
  }

  public void signOff(ProcessInstance statement, String us, String cn) {
    complete(statement, "Task_SignOffUS", "us-colead", RoundDriver.vars("signOff", us, "signOffComment", us.equals("REVISE") ? "Paragraph 2" : null));
    complete(statement, "Task_SignOffCN", "cn-colead", RoundDriver.vars("signOff", cn, "signOffComment", cn.equals("REVISE") ? "第二段" : null));
    runJobs(statement);
  }

  /** The English text of this round's statement: unique, so that tests can look for it. */
  public static String englishOf(ProcessInstance round) {
    return EN + " [" + round.getBusinessKey() + "]";
  }

  /** The Chinese text of this round's statement: unique, so that tests can look for it. */
  public static String chineseOf(ProcessInstance round) {
    return ZH + "【" + round.getBusinessKey() + "】";
  }

  /** A release instant a moment ahead ({@link #RELEASE_LEAD}), for a release the test then fires. */
  public static Instant soon() {
    return Instant.now().plus(RELEASE_LEAD).truncatedTo(ChronoUnit.MILLIS);
  }

  /** {@link #scheduleRelease} at an instant {@link #soon()} after the texts are agreed: one a test can fire. */
  public ProcessInstance scheduleReleaseSoon(ProcessInstance round, String conveningSecretary) {
    ProcessInstance statement = statementOf(round);
    draft(statement, englishOf(round), chineseOf(round));
    review(statement, "ACCEPT", "ACCEPT");
    schedule(statement, conveningSecretary, soon());
    signOff(statement, "SIGN", "SIGN");
    return statement;
  }

  /** The whole way to a scheduled release: drafted, accepted, scheduled, signed by both. */
  public ProcessInstance scheduleRelease(ProcessInstance round, String conveningSecretary, Instant releaseAt) {
    ProcessInstance statement = statementOf(round);
    draft(statement, englishOf(round), chineseOf(round));
    review(statement, "ACCEPT", "ACCEPT");
    schedule(statement, conveningSecretary, releaseAt);
    signOff(statement, "SIGN", "SIGN");
    return statement;
  }

  /** The release timer, as the job executor fires it at the instant. */
  public Job releaseTimer(ProcessInstance statement) {
    return engine.getManagementService().createJobQuery().processInstanceId(statement.getId()).timers().singleResult();
  }

  /**
   * The release timer fired at its instant, as the job executor fires it: once the instant has
   * come (the release guard refuses a release before it). The instant must be near: see
   * {@link #soon()}.
   */
  public void fireRelease(ProcessInstance statement) {
    Job timer = releaseTimer(statement);
    assertThat(timer).as("release timer").isNotNull();
    Instant due = timer.getDuedate().toInstant();
    assertThat(due).as("a release instant a test can wait for: StatementDriver.soon()")
        .isBefore(Instant.now().plus(RELEASE_LEAD).plusSeconds(1));
    while (Instant.now().isBefore(due)) {
      sleep(Duration.between(Instant.now(), due).plusMillis(1));
    }
    engine.getManagementService().executeJob(timer.getId());
  }

  private static void sleep(Duration duration) {
    try {
      Thread.sleep(duration.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  public void runJobs(ProcessInstance instance) {
    for (int i = 0; i < 20; i++) {
      List<Job> jobs = engine.getManagementService().createJobQuery().processInstanceId(instance.getId()).messages().list();
      if (jobs.isEmpty()) {
        return;
      }
      jobs.forEach(job -> engine.getManagementService().executeJob(job.getId()));
    }
  }
}
