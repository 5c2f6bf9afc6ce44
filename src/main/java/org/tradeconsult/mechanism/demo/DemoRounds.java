package org.tradeconsult.mechanism.demo;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.ProcessEngineException;
import org.camunda.bpm.engine.runtime.Job;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.camunda.bpm.engine.task.Task;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.tradeconsult.mechanism.identity.CurrentUserService;
import org.tradeconsult.mechanism.round.RoundProcess;

/**
 * Seeds the demo with a few realistic rounds in different states, so that the status board and
 * Tasklist have something to show on a fresh machine. Only with {@code mechanism.demo.rounds=true}
 * (set by the {@code demo} profile) and only into an empty database. Every step is taken through
 * the engine as the demo user whose job it is, exactly as in Tasklist: the same checks, the same
 * status tables, the same audit trail.
 */
@Component
@ConditionalOnProperty(name = "mechanism.demo.rounds", havingValue = "true")
class DemoRounds {

  private static final Logger LOG = LoggerFactory.getLogger(DemoRounds.class);
  private static final Duration STEP_TIMEOUT = Duration.ofSeconds(30);

  private final ProcessEngine engine;
  private final JdbcClient jdbc;
  private final Clock clock;
  private final CurrentUserService users;

  DemoRounds(ProcessEngine engine, JdbcClient jdbc, Clock clock, CurrentUserService users) {
    this.engine = engine;
    this.users = users;
    this.jdbc = jdbc;
    this.clock = clock;
  }

  @EventListener(ApplicationReadyEvent.class)
  void seed() {
    long existing = jdbc.sql("select count(*) from consultation_round").query(Long.class).single();
    if (existing > 0) {
      LOG.info("Demo rounds: the database already holds {} round(s); nothing seeded", existing);
      return;
    }
    LocalDate today = LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC);
    int seeded = 0;
    for (Runnable round : List.<Runnable>of(
        () -> declinedRequest(),
        () -> awaitedRequest(),
        () -> workingRoundInPreparation(today),
        () -> deputyRoundAwaitingApproval(today),
        () -> principalRoundWithScheduledStatement(today),
        () -> workingRoundImplementing(today))) {
      try {
        round.run();
        seeded++;
      } catch (RuntimeException e) {
        LOG.warn("Demo rounds: one round could not be seeded: {}", e.getMessage());
      }
    }
    LOG.info("Demo rounds: {} round(s) seeded", seeded);
  }

  // ---- the rounds

  private void declinedRequest() {
    ProcessInstance round = request("cn-secretary", vars(
        "requestingSide", "CN", "title", "Port fees on vessels / 船舶港口费",
        "reason", "Fees announced on vessels built or operated by Chinese companies", "topics", "NON_TARIFF_BARRIERS"));
    work(round, RoundProcess.TASK_ANSWER_AD_HOC_REQUEST, "us-secretary",
        vars("decision", "DECLINE", "declineReason", "To be taken up at the next regular round"));
  }

  private void awaitedRequest() {
    request("cn-secretary", vars(
        "requestingSide", "CN", "title", "Export licensing of rare-earth items / 稀土物项出口许可",
        "reason", "Licence backlog reported by both sides' industries", "urgent", true,
        "topics", "EXPORT_CONTROLS,SUPPLY_CHAIN_SECURITY"));
  }

  private void workingRoundInPreparation(LocalDate today) {
    ProcessInstance round = convene("us-secretary", vars(
        "level", "WORKING", "title", "Working-level consultation on agricultural purchases / 农产品采购工作层磋商",
        "startDate", today.plusDays(25).toString(), "endDate", today.plusDays(26).toString(),
        "topics", "TRADE_DEFICIT,NON_TARIFF_BARRIERS", "requestedHost", "US"));
    arrange(round, "us-secretary", "cn-secretary", "US", "Washington, D.C.", today.plusDays(25));
    work(round, RoundProcess.TASK_PROPOSE_AGENDA_US, "us-secretary",
        vars("topics", "TRADE_DEFICIT", "delegation", "Deputy U.S. Trade Representative\nUSDA Under Secretary"));
  }

  private void deputyRoundAwaitingApproval(LocalDate today) {
    ProcessInstance round = convene("cn-secretary", vars(
        "level", "DEPUTY", "title", "Deputy-level round on export controls / 出口管制副手级磋商",
        "startDate", today.plusDays(12).toString(), "endDate", today.plusDays(13).toString(),
        "topics", "EXPORT_CONTROLS,INVESTMENT", "requestedHost", "CN"));
    arrange(round, "cn-secretary", "us-secretary", "CN", "Beijing", today.plusDays(12));
    agenda(round, "cn-secretary", "Export controls\nInvestment screening");
    work(round, RoundProcess.TASK_RECORD_SESSION, "cn-secretary", vars(
        "itemOutcomes", "Export controls | AGREED\nInvestment screening | DEFERRED", "outcomeForm", "SEPARATE_READOUTS",
        "commitments", "BOTH | Exchange lists of licensing contact points | " + today.plusDays(40), "anotherSession", false));
    work(round, RoundProcess.TASK_APPROVE_OUTCOME_US, "us-colead", vars("approval", "APPROVE"));
  }

  private void principalRoundWithScheduledStatement(LocalDate today) {
    ProcessInstance round = convene("us-secretary", vars(
        "level", "PRINCIPAL", "title", "Geneva follow-up: tariff suspension review / 日内瓦会谈后续：关税暂停评估",
        "startDate", today.plusDays(5).toString(), "endDate", today.plusDays(6).toString(),
        "topics", "TARIFFS,FENTANYL_LAW_ENFORCEMENT", "requestedHost", "THIRD_COUNTRY"));
    arrange(round, "us-secretary", "cn-secretary", "US", "Washington, D.C.", today.plusDays(5));
    agenda(round, "us-secretary", "Tariffs\nFentanyl cooperation");
    work(round, RoundProcess.TASK_RECORD_SESSION, "us-secretary", vars(
        "itemOutcomes", "Tariffs | AGREED\nFentanyl cooperation | AGREED", "outcomeForm", "JOINT_STATEMENT",
        "commitments", "US | Keep the additional 24% ad valorem duty suspended | " + today.plusDays(20) + " | "
            + today.plusDays(20) + " | " + today.plusDays(110) + "\nCN | Suspend the corresponding countermeasures | "
            + today.plusDays(20) + " | " + today.plusDays(20) + " | " + today.plusDays(110),
        "anotherSession", false));
    work(round, RoundProcess.TASK_APPROVE_OUTCOME_US, "us-colead", vars("approval", "APPROVE"));
    work(round, RoundProcess.TASK_APPROVE_OUTCOME_CN, "cn-colead", vars("approval", "APPROVE"));
    work(round, "Task_DraftEnglishText", "us-secretary", vars("textEn",
        "The United States and China agree to keep the suspension of the additional tariffs for a further 90 days."));
    work(round, "Task_DraftChineseText", "cn-secretary", vars("textZh", "中美双方同意将暂停加征关税措施延长90天。"));
    work(round, "Task_ReviewEnglishText", "cn-secretary", vars("reviewDecision", "ACCEPT"));
    work(round, "Task_ReviewChineseText", "us-secretary", vars("reviewDecision", "ACCEPT"));
    Instant release = clock.instant().truncatedTo(ChronoUnit.DAYS).plus(Duration.ofDays(3)).plus(Duration.ofHours(13));
    work(round, "Task_ScheduleRelease", "us-secretary", vars("releaseAt", release.toString()));
    work(round, "Task_SignOffUS", "us-colead", vars("signOff", "SIGN"));
    work(round, "Task_SignOffCN", "cn-colead", vars("signOff", "SIGN"));
  }

  private void workingRoundImplementing(LocalDate today) {
    ProcessInstance round = convene("cn-secretary", vars(
        "level", "WORKING", "title", "Working-level review of the Stockholm understandings / 斯德哥尔摩共识工作层评估",
        "startDate", today.plusDays(2).toString(), "endDate", today.plusDays(2).toString(),
        "topics", "TARIFFS,SUPPLY_CHAIN_SECURITY", "requestedHost", "CN"));
    arrange(round, "cn-secretary", "us-secretary", "CN", "Beijing", today.plusDays(2));
    agenda(round, "cn-secretary", "Tariff suspension\nMagnet supply");
    work(round, RoundProcess.TASK_RECORD_SESSION, "cn-secretary", vars(
        "itemOutcomes", "Tariff suspension | AGREED\nMagnet supply | AGREED", "outcomeForm", "SEPARATE_READOUTS",
        "commitments", "CN | Issue general licences for rare-earth magnets | " + today.plusDays(10) + " | "
            + today.plusDays(10) + " | " + today.plusDays(100)
            + "\nUS | Publish the revised entity-list procedure | " + today.plusDays(4)
            + "\nBOTH | Hold a working-level check-in on magnet deliveries | " + today.plusDays(21),
        "anotherSession", false));
    work(round, RoundProcess.TASK_APPROVE_OUTCOME_US, "us-colead", vars("approval", "APPROVE"));
    work(round, RoundProcess.TASK_APPROVE_OUTCOME_CN, "cn-colead", vars("approval", "APPROVE"));
    work(round, RoundProcess.TASK_PUBLISH_READOUT_CN, "cn-secretary",
        vars("readoutText", "双方就关税暂停与磁体供应进行了坦诚、深入、富有建设性的交流。", "publishedAt", publishNow()));
    work(round, RoundProcess.TASK_PUBLISH_READOUT_US, "us-secretary",
        vars("readoutText", "The two sides held candid, in-depth and constructive talks on the tariff suspension and magnet supply.",
            "publishedAt", publishNow()));
    // The magnet licences were issued (their period runs); the entity-list procedure is overdue.
    fire(round, "TimerEvent_ReminderDateReached", "CN");
    work(round, "Task_ConfirmImplementation", "cn-secretary", vars(
        "implementation", "General licences issued to the listed magnet exporters", "instrument", "MOFCOM Announcement",
        "effectiveAt", clock.instant().truncatedTo(ChronoUnit.HOURS).toString()));
    fire(round, "TimerEvent_ReminderDateReached", "US");
    fire(round, "BoundaryEvent_DueDatePassed", "US");
  }

  // ---- steps

  private String publishNow() {
    return clock.instant().truncatedTo(ChronoUnit.MINUTES).toString();
  }

  private void arrange(ProcessInstance round, String proposer, String confirmer, String host, String venue, LocalDate start) {
    work(round, RoundProcess.TASK_PROPOSE_ARRANGEMENTS, proposer,
        vars("host", host, "venue", venue, "startDate", start.toString(), "endDate", start.plusDays(1).toString()));
    work(round, RoundProcess.TASK_CONFIRM_ARRANGEMENTS, confirmer, vars("arrangementsDecision", "AGREE"));
  }

  private void agenda(ProcessInstance round, String finaliser, String agenda) {
    work(round, RoundProcess.TASK_PROPOSE_AGENDA_US, "us-secretary",
        vars("topics", "TARIFFS", "delegation", "Secretary of the Treasury\nU.S. Trade Representative"));
    work(round, RoundProcess.TASK_PROPOSE_AGENDA_CN, "cn-secretary",
        vars("topics", "TARIFFS", "delegation", "Vice Premier\nMinister of Commerce"));
    work(round, RoundProcess.TASK_FINALISE_AGENDA, finaliser, vars("agenda", agenda));
  }

  private ProcessInstance convene(String user, Map<String, Object> variables) {
    return as(user, () -> engine.getRuntimeService().startProcessInstanceByKey(RoundProcess.KEY, variables));
  }

  private ProcessInstance request(String user, Map<String, Object> variables) {
    return as(user, () -> engine.getRuntimeService().createMessageCorrelation(RoundProcess.MSG_AD_HOC_ROUND_REQUESTED)
        .setVariables(variables).correlateStartMessage());
  }

  /** Completes the round's task with this key (in the round or a process it called) as this user. */
  private void work(ProcessInstance round, String taskKey, String user, Map<String, Object> variables) {
    Task task = await(round, () -> engine.getTaskService().createTaskQuery()
        .processInstanceIdIn(instancesOf(round)).taskDefinitionKey(taskKey).list().stream().findFirst().orElse(null), taskKey);
    as(user, () -> {
      engine.getTaskService().complete(task.getId(), variables);
      return null;
    });
  }

  /** Fires a timer of the commitment followed up for this owner side now, as if its date had come. */
  private void fire(ProcessInstance round, String timerActivity, String ownerSide) {
    Job timer = await(round, () -> engine.getManagementService().createJobQuery().rootProcessInstanceId(round.getId())
        .activityId(timerActivity).timers().list().stream()
        .filter(job -> ownerSide.equals(engine.getRuntimeService().getVariable(job.getProcessInstanceId(), "ownerSide")))
        .findFirst().orElse(null), timerActivity);
    engine.getManagementService().executeJob(timer.getId());
  }

  private String[] instancesOf(ProcessInstance round) {
    return engine.getRuntimeService().createProcessInstanceQuery().rootProcessInstanceId(round.getId()).list().stream()
        .map(ProcessInstance::getId).toArray(String[]::new);
  }

  /**
   * Waits for what a step needs, running the round's pending asynchronous continuations (joins,
   * call activities) itself, so that seeding works with the job executor on or off.
   */
  private <T> T await(ProcessInstance round, Supplier<T> lookup, String what) {
    long deadline = System.nanoTime() + STEP_TIMEOUT.toNanos();
    while (System.nanoTime() < deadline) {
      T found = lookup.get();
      if (found != null) {
        return found;
      }
      for (Job job : engine.getManagementService().createJobQuery().rootProcessInstanceId(round.getId()).messages().list()) {
        try {
          engine.getManagementService().executeJob(job.getId());
        } catch (ProcessEngineException e) {
          // the job executor took it first; look again
        }
      }
      sleep();
    }
    throw new IllegalStateException("round " + round.getBusinessKey() + " did not reach " + what);
  }

  private <T> T as(String user, Supplier<T> action) {
    return users.asUser(user, action);
  }

  private static Map<String, Object> vars(Object... keysAndValues) {
    Map<String, Object> map = new HashMap<>();
    for (int i = 0; i < keysAndValues.length; i += 2) {
      map.put((String) keysAndValues[i], keysAndValues[i + 1]);
    }
    return map;
  }

  private static void sleep() {
    try {
      Thread.sleep(50);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
