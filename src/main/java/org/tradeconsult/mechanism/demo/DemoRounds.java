package org.tradeconsult.mechanism.demo;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
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
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.tradeconsult.mechanism.identity.CurrentUserService;
import org.tradeconsult.mechanism.commitment.CommitmentProcess;
import org.tradeconsult.mechanism.round.RoundProcess;

/**
 * Seeds the demo with rounds in different states, so that the status board, Tasklist and the
 * README's tour have something true to show on a fresh machine. Only with
 * {@code mechanism.demo.rounds=true} (set by the {@code demo} profile) and only into an empty
 * database.
 *
 * <p>Every step is taken through the engine as the demo user whose job it is, exactly as in
 * Tasklist — the same checks, the same status tables, the same audit trail — and <em>on the day it
 * would have happened</em>: the seeding moves the demo clock ({@link DemoClock}) back to each
 * step's day, so that a round that is implementing its commitments met weeks ago, an overdue
 * commitment's due date has passed, and a released joint statement was released at its recorded
 * instant by its own timer. Back at the real time, the timers that have fallen due since fire as
 * they would have.
 *
 * <p>The rounds have stable ids ({@code R-DEMO-…}), documented in the README and used verbatim by
 * its tour; dates are relative to the day the demo is started.
 */
@Component
@ConditionalOnProperty(name = "mechanism.demo.rounds", havingValue = "true")
class DemoRounds {

  static final String REQUEST = "R-DEMO-REQUEST";
  static final String DECLINED = "R-DEMO-DECLINED";
  static final String WORKING = "R-DEMO-WORKING";
  static final String APPROVAL = "R-DEMO-APPROVAL";
  static final String SCHEDULED = "R-DEMO-SCHEDULED";
  static final String RELEASED = "R-DEMO-RELEASED";
  static final String IMPLEMENTING = "R-DEMO-IMPLEMENTING";

  private static final Logger LOG = LoggerFactory.getLogger(DemoRounds.class);
  private static final Duration STEP_TIMEOUT = Duration.ofSeconds(30);

  private final ProcessEngine engine;
  private final JdbcClient jdbc;
  private final ObjectProvider<DemoClock> demoClock;
  private final CurrentUserService users;
  private final List<String> seeded = new ArrayList<>();
  private DemoClock time;
  private LocalDate today;

  DemoRounds(ProcessEngine engine, JdbcClient jdbc, ObjectProvider<DemoClock> demoClock, CurrentUserService users) {
    this.engine = engine;
    this.users = users;
    this.jdbc = jdbc;
    this.demoClock = demoClock;
  }

  @EventListener(ApplicationReadyEvent.class)
  void seed() {
    long existing = jdbc.sql("select count(*) from consultation_round").query(Long.class).single();
    if (existing > 0) {
      LOG.info("Demo rounds: the database already holds {} round(s); nothing seeded", existing);
      return;
    }
    time = demoClock.getIfAvailable();
    if (time == null) {
      LOG.warn("Demo rounds need the demo clock (mechanism.demo.clock=true) to take each step on its day; nothing seeded");
      return;
    }
    today = LocalDate.ofInstant(time.now(), ZoneOffset.UTC);
    try {
      // each story in its own order of time; the stories themselves overlap
      for (Runnable story : List.<Runnable>of(
          this::releasedStatement, this::implementing, this::awaitingApproval, this::scheduledStatement,
          this::declinedRequest, this::inPreparation, this::awaitedRequest)) {
        try {
          story.run();
        } catch (RuntimeException e) {
          LOG.warn("Demo rounds: one round could not be seeded: {}", e.getMessage());
        }
      }
    } finally {
      time.backToNow();
    }
    seeded.forEach(this::runDueJobs);
    LOG.info("Demo rounds: {} round(s) seeded: {}", seeded.size(), seeded);
  }

  // ---- the rounds, each told on the days it happened (T = the day the demo starts)

  /** A principal round held two months ago; its joint statement is public; two suspensions run. */
  private void releasedStatement() {
    at(-100, 10);
    ProcessInstance round = convene(RELEASED, "us-secretary", vars(
        "level", "PRINCIPAL", "title", "Principal round on the tariff suspension / 关税暂停问题牵头人级磋商",
        "startDate", day(-60), "endDate", day(-59), "topics", "TARIFFS,FENTANYL_LAW_ENFORCEMENT",
        "requestedHost", "THIRD_COUNTRY"));
    arrange(round, -99, "us-secretary", "cn-secretary", "THIRD_COUNTRY", "Geneva", -60, -59);
    agenda(round, -90, "us-secretary", "Tariffs\nFentanyl cooperation");
    at(round, -59, 17);
    work(round, RoundProcess.TASK_RECORD_SESSION, "us-secretary", vars(
        "itemOutcomes", "Tariffs | AGREED\nFentanyl cooperation | AGREED", "outcomeForm", "JOINT_STATEMENT",
        "commitments", "US | Suspend 24 points of the additional ad valorem duty for 90 days | " + day(-55) + " | "
            + day(-55) + " | " + day(35) + "\nCN | Suspend the corresponding countermeasures for 90 days | "
            + day(-55) + " | " + day(-55) + " | " + day(35),
        "anotherSession", false));
    approveBoth(round);
    at(round, -59, 20);
    work(round, "Task_DraftEnglishText", "us-secretary", vars("textEn",
        "The United States and China agree to suspend 24 percentage points of the additional tariffs for 90 days."));
    work(round, "Task_DraftChineseText", "cn-secretary", vars("textZh", "中美双方同意暂停24个百分点的加征关税，为期90天。"));
    at(round, -58, 9);
    work(round, "Task_ReviewEnglishText", "cn-secretary", vars("reviewDecision", "ACCEPT"));
    work(round, "Task_ReviewChineseText", "us-secretary", vars("reviewDecision", "ACCEPT"));
    work(round, "Task_ScheduleRelease", "us-secretary", vars("releaseAt", instant(-57, 13).toString()));
    work(round, "Task_SignOffUS", "us-colead", vars("signOff", "SIGN"));
    work(round, "Task_SignOffCN", "cn-colead", vars("signOff", "SIGN"));
    at(round, -57, 13); // the release timer fires at its instant
    at(round, -55, 9);
    confirm(round, "US", "us-secretary", "Executive order modifying the reciprocal tariff rates");
    confirm(round, "CN", "cn-secretary", "Announcement of the Customs Tariff Commission of the State Council");
  }

  /** A working-level round held 25 days ago: one commitment in its period, one overdue, one pending. */
  private void implementing() {
    at(-45, 10);
    ProcessInstance round = convene(IMPLEMENTING, "cn-secretary", vars(
        "level", "WORKING", "title", "Working-level review of the rare-earth understandings / 稀土共识工作层评估",
        "startDate", day(-25), "endDate", day(-25), "topics", "TARIFFS,SUPPLY_CHAIN_SECURITY", "requestedHost", "CN"));
    arrange(round, -44, "cn-secretary", "us-secretary", "CN", "Beijing", -25, -25);
    agenda(round, -35, "cn-secretary", "Tariff suspension\nMagnet supply");
    at(round, -25, 16);
    work(round, RoundProcess.TASK_RECORD_SESSION, "cn-secretary", vars(
        "itemOutcomes", "Tariff suspension | AGREED\nMagnet supply | AGREED", "outcomeForm", "SEPARATE_READOUTS",
        "commitments", "CN | Issue general licences for rare-earth magnets | " + day(-15) + " | " + day(-15) + " | " + day(75)
            + "\nUS | Publish the revised entity-list procedure | " + day(-4)
            + "\nBOTH | Hold a working-level check-in on magnet deliveries | " + day(21),
        "anotherSession", false));
    approveBoth(round);
    at(round, -24, 9);
    work(round, RoundProcess.TASK_PUBLISH_READOUT_CN, "cn-secretary",
        vars("readoutText", "双方就关税暂停与磁体供应进行了坦诚、深入、富有建设性的交流。", "publishedAt", nowText()));
    work(round, RoundProcess.TASK_PUBLISH_READOUT_US, "us-secretary",
        vars("readoutText", "The two sides held candid, in-depth and constructive talks on the tariff suspension and magnet supply.",
            "publishedAt", nowText()));
    // the licences were issued a day early; the entity-list procedure never came (overdue once T-4 has ended)
    at(round, -16, 10);
    confirm(round, "CN", "cn-secretary", "MOFCOM announcement on general licences for magnet exports");
  }

  /** A deputy round that met yesterday; both co-leads' approval is awaited (the README's tour gives it). */
  private void awaitingApproval() {
    at(-40, 10);
    ProcessInstance round = convene(APPROVAL, "cn-secretary", vars(
        "level", "DEPUTY", "title", "Deputy-level round on export controls / 出口管制副手级磋商",
        "startDate", day(-2), "endDate", day(-1), "topics", "EXPORT_CONTROLS,INVESTMENT", "requestedHost", "CN"));
    arrange(round, -39, "cn-secretary", "us-secretary", "CN", "Beijing", -2, -1);
    agenda(round, -20, "cn-secretary", "Export controls\nInvestment screening");
    at(round, -1, 17);
    work(round, RoundProcess.TASK_RECORD_SESSION, "cn-secretary", vars(
        "itemOutcomes", "Export controls | AGREED\nInvestment screening | DEFERRED", "outcomeForm", "SEPARATE_READOUTS",
        "commitments", "BOTH | Exchange lists of licensing contact points | " + day(40), "anotherSession", false));
  }

  /** A principal round held last week; its joint statement is signed and embargoed until the day after tomorrow. */
  private void scheduledStatement() {
    at(-30, 10);
    ProcessInstance round = convene(SCHEDULED, "us-secretary", vars(
        "level", "PRINCIPAL", "title", "Principal round on the extension of the suspension / 暂停措施延期牵头人级磋商",
        "startDate", day(-6), "endDate", day(-5), "topics", "TARIFFS,TRADE_DEFICIT", "requestedHost", "US"));
    arrange(round, -29, "us-secretary", "cn-secretary", "US", "Washington, D.C.", -6, -5);
    agenda(round, -20, "us-secretary", "Tariff suspension\nAgricultural purchases");
    at(round, -5, 17);
    work(round, RoundProcess.TASK_RECORD_SESSION, "us-secretary", vars(
        "itemOutcomes", "Tariff suspension | AGREED\nAgricultural purchases | DEFERRED", "outcomeForm", "JOINT_STATEMENT",
        "commitments", "US | Keep the suspension for a further 90 days | " + day(35) + " | " + day(36) + " | " + day(125),
        "anotherSession", false));
    approveBoth(round);
    at(round, -4, 10);
    work(round, "Task_DraftEnglishText", "us-secretary", vars("textEn",
        "The United States and China agree to keep the suspension of the additional tariffs for a further 90 days."));
    work(round, "Task_DraftChineseText", "cn-secretary", vars("textZh", "中美双方同意将暂停加征关税措施再延长90天。"));
    at(round, -3, 10);
    work(round, "Task_ReviewEnglishText", "cn-secretary", vars("reviewDecision", "ACCEPT"));
    work(round, "Task_ReviewChineseText", "us-secretary", vars("reviewDecision", "ACCEPT"));
    work(round, "Task_ScheduleRelease", "us-secretary", vars("releaseAt", instant(2, 13).toString()));
    at(round, -2, 10);
    work(round, "Task_SignOffUS", "us-colead", vars("signOff", "SIGN"));
    work(round, "Task_SignOffCN", "cn-colead", vars("signOff", "SIGN"));
  }

  /** An ad-hoc request of China that the U.S. declined. */
  private void declinedRequest() {
    at(-20, 9);
    ProcessInstance round = request(DECLINED, "cn-secretary", vars(
        "requestingSide", "CN", "title", "Port fees on vessels / 船舶港口费",
        "reason", "Fees announced on vessels built or operated by Chinese companies", "topics", "NON_TARIFF_BARRIERS"));
    at(round, -18, 15);
    work(round, RoundProcess.TASK_ANSWER_AD_HOC_REQUEST, "us-secretary",
        vars("decision", "DECLINE", "declineReason", "To be taken up at the next regular round"));
  }

  /** A working-level round in preparation: the Chinese agenda proposal is awaited. */
  private void inPreparation() {
    at(-3, 10);
    ProcessInstance round = convene(WORKING, "us-secretary", vars(
        "level", "WORKING", "title", "Working-level consultation on agricultural purchases / 农产品采购工作层磋商",
        "startDate", day(25), "endDate", day(26), "topics", "TRADE_DEFICIT,NON_TARIFF_BARRIERS", "requestedHost", "US"));
    arrange(round, -2, "us-secretary", "cn-secretary", "US", "Washington, D.C.", 25, 26);
    work(round, RoundProcess.TASK_PROPOSE_AGENDA_US, "us-secretary",
        vars("topics", "TRADE_DEFICIT", "delegation", "Deputy U.S. Trade Representative\nUSDA Under Secretary"));
  }

  /** An urgent ad-hoc request of China, made yesterday: the U.S. answer is awaited. */
  private void awaitedRequest() {
    at(-1, 9);
    request(REQUEST, "cn-secretary", vars(
        "requestingSide", "CN", "title", "Export licensing of rare-earth items / 稀土物项出口许可",
        "reason", "Licence backlog reported by both sides' industries", "urgent", true,
        "topics", "EXPORT_CONTROLS,SUPPLY_CHAIN_SECURITY"));
  }

  // ---- steps

  /** Moves the clock to {@code offset} days from the demo's first day, at {@code hour}:00 UTC. */
  private void at(int offset, int hour) {
    time.travelTo(instant(offset, hour));
  }

  /** The same, then runs the round's jobs that have fallen due meanwhile (timers, continuations). */
  private void at(ProcessInstance round, int offset, int hour) {
    at(offset, hour);
    runDueJobs(round.getId());
  }

  private Instant instant(int offset, int hour) {
    return today.plusDays(offset).atTime(hour, 0).toInstant(ZoneOffset.UTC);
  }

  private String day(int offset) {
    return today.plusDays(offset).toString();
  }

  private String nowText() {
    return time.now().truncatedTo(ChronoUnit.MINUTES).toString();
  }

  private void arrange(ProcessInstance round, int offset, String proposer, String confirmer, String host, String venue,
      int start, int end) {
    at(round, offset, 10);
    work(round, RoundProcess.TASK_PROPOSE_ARRANGEMENTS, proposer,
        vars("host", host, "venue", venue, "startDate", day(start), "endDate", day(end)));
    at(round, offset + 1, 10);
    work(round, RoundProcess.TASK_CONFIRM_ARRANGEMENTS, confirmer, vars("arrangementsDecision", "AGREE"));
  }

  private void agenda(ProcessInstance round, int offset, String finaliser, String agenda) {
    at(round, offset, 10);
    work(round, RoundProcess.TASK_PROPOSE_AGENDA_US, "us-secretary",
        vars("topics", "TARIFFS", "delegation", "Secretary of the Treasury\nU.S. Trade Representative"));
    work(round, RoundProcess.TASK_PROPOSE_AGENDA_CN, "cn-secretary",
        vars("topics", "TARIFFS", "delegation", "Vice Premier\nMinister of Commerce"));
    at(round, offset + 5, 10);
    work(round, RoundProcess.TASK_FINALISE_AGENDA, finaliser, vars("agenda", agenda));
  }

  private void approveBoth(ProcessInstance round) {
    work(round, RoundProcess.TASK_APPROVE_OUTCOME_US, "us-colead", vars("approval", "APPROVE"));
    work(round, RoundProcess.TASK_APPROVE_OUTCOME_CN, "cn-colead", vars("approval", "APPROVE"));
  }

  /** The owner side's secretariat confirms the implementation of its commitment of this round, effective now. */
  private void confirm(ProcessInstance round, String ownerSide, String user, String instrument) {
    Task task = await(round, () -> engine.getTaskService().createTaskQuery().processInstanceIdIn(instancesOf(round))
        .taskDefinitionKey(CommitmentProcess.TASK_CONFIRM_IMPLEMENTATION).list().stream()
        .filter(t -> ownerSide.equals(engine.getRuntimeService().getVariable(t.getProcessInstanceId(), "ownerSide")))
        .findFirst().orElse(null), CommitmentProcess.TASK_CONFIRM_IMPLEMENTATION + " " + ownerSide);
    complete(task, user, vars("implementation", "Done as agreed", "instrument", instrument, "effectiveAt", nowText()));
  }

  private ProcessInstance convene(String roundId, String user, Map<String, Object> variables) {
    ProcessInstance round = as(user,
        () -> engine.getRuntimeService().startProcessInstanceByKey(RoundProcess.KEY, roundId, variables));
    seeded.add(round.getId());
    return round;
  }

  private ProcessInstance request(String roundId, String user, Map<String, Object> variables) {
    ProcessInstance round = as(user, () -> engine.getRuntimeService()
        .createMessageCorrelation(RoundProcess.MSG_AD_HOC_ROUND_REQUESTED)
        .processInstanceBusinessKey(roundId).setVariables(variables).correlateStartMessage());
    seeded.add(round.getId());
    return round;
  }

  /** Completes the round's task with this key (in the round or a process it called) as this user. */
  private void work(ProcessInstance round, String taskKey, String user, Map<String, Object> variables) {
    Task task = await(round, () -> engine.getTaskService().createTaskQuery()
        .processInstanceIdIn(instancesOf(round)).taskDefinitionKey(taskKey).list().stream().findFirst().orElse(null), taskKey);
    complete(task, user, variables);
  }

  private void complete(Task task, String user, Map<String, Object> variables) {
    as(user, () -> {
      engine.getTaskService().complete(task.getId(), variables);
      return null;
    });
  }

  private String[] instancesOf(ProcessInstance round) {
    return engine.getRuntimeService().createProcessInstanceQuery().rootProcessInstanceId(round.getId()).list().stream()
        .map(ProcessInstance::getId).toArray(String[]::new);
  }

  /**
   * Runs the jobs of this round (and the processes it called) that are due by the clock now, as
   * the job executor would, until none is left; the job executor may take some first.
   */
  private void runDueJobs(String rootInstanceId) {
    for (int pass = 0; pass < 50; pass++) {
      List<Job> due = engine.getManagementService().createJobQuery().rootProcessInstanceId(rootInstanceId)
          .executable().list();
      if (due.isEmpty()) {
        return;
      }
      for (Job job : due) {
        try {
          engine.getManagementService().executeJob(job.getId());
        } catch (ProcessEngineException e) {
          // the job executor took it first, or it failed and will be retried: look again
        }
      }
    }
  }

  /** Waits for what a step needs, running the round's due jobs itself (job executor on or off). */
  private <T> T await(ProcessInstance round, Supplier<T> lookup, String what) {
    long deadline = System.nanoTime() + STEP_TIMEOUT.toNanos();
    while (System.nanoTime() < deadline) {
      T found = lookup.get();
      if (found != null) {
        return found;
      }
      runDueJobs(round.getId());
      pause();
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

  private static void pause() {
    try {
      Thread.sleep(50);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
