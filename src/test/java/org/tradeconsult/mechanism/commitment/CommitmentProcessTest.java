package org.tradeconsult.mechanism.commitment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.assertThat;
import static org.tradeconsult.mechanism.commitment.CommitmentDriver.TODAY;
import static org.tradeconsult.mechanism.commitment.CommitmentDriver.startOf;
import static org.tradeconsult.mechanism.commitment.CommitmentProcess.*;
import static org.tradeconsult.mechanism.commitment.CommitmentStatus.*;
import static org.tradeconsult.mechanism.support.RoundDriver.vars;

import java.time.Clock;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import org.camunda.bpm.engine.AuthorizationException;
import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.tradeconsult.mechanism.audit.AuditEvent;
import org.tradeconsult.mechanism.audit.AuditLog;
import org.tradeconsult.mechanism.round.Round;
import org.tradeconsult.mechanism.round.RoundCommandService;
import org.tradeconsult.mechanism.round.RoundProcess;
import org.tradeconsult.mechanism.round.RoundService;
import org.tradeconsult.mechanism.round.RoundStatus;
import org.tradeconsult.mechanism.round.RoundType;
import org.tradeconsult.mechanism.support.RoundDriver;
import org.tradeconsult.mechanism.support.ServiceTest;
import org.tradeconsult.mechanism.validation.InvalidInputException;

/**
 * Every path of {@code commitment-tracking}, driven as the demo users would drive it in Tasklist,
 * timers fired explicitly. The status table is checked after each step, and the class covers every
 * flow node and sequence flow of the process (coverage gate).
 */
@ServiceTest
class CommitmentProcessTest {

  static final String SUSPENSION = "Suspend 24 percentage points of the additional ad valorem tariff for an initial 90 days";
  static final String COUNTERMEASURES = "Suspend or remove the non-tariff countermeasures taken since 2 April 2025";

  @Autowired ProcessEngine engine;
  @Autowired CommitmentService commitments;
  @Autowired RoundService rounds;
  @Autowired RoundCommandService roundCommands;
  @Autowired AuditLog auditLog;
  @Autowired JdbcClient jdbc;
  @Autowired Clock clock;
  CommitmentDriver driver;

  @BeforeEach
  void setUp() {
    BpmnAwareTests.init(engine);
    driver = new CommitmentDriver(engine, commitments, jdbc);
  }

  // ---- implemented

  @Test
  void aCommitmentConfirmedBeforeItsDueDateIsImplementedAndClosed() {
    LocalDate due = TODAY.plusDays(10);
    ProcessInstance commitment = driver.follow("US", SUSPENSION, due, null, null);

    assertThat(commitment).isWaitingAt(TIMER_REMINDER_DATE);
    assertThat(driver.status(commitment)).isEqualTo(PENDING);
    assertThat(driver.timerDue(commitment, TIMER_REMINDER_DATE)).as("7 days ahead, 00:00 UTC").isEqualTo(startOf(due.minusDays(7)));

    driver.fireTimer(commitment, TIMER_REMINDER_DATE);

    assertThat(commitment).isWaitingAt(TASK_CONFIRM_IMPLEMENTATION);
    assertThat(driver.status(commitment)).isEqualTo(DUE_SOON);
    assertThat(driver.candidateGroups(commitment, TASK_CONFIRM_IMPLEMENTATION)).containsExactly("us-secretariat");
    assertThat(driver.timerDue(commitment, TIMER_DUE_DATE)).as("end of the due day, UTC").isEqualTo(startOf(due.plusDays(1)));

    driver.complete(commitment, TASK_CONFIRM_IMPLEMENTATION, "us-secretary", implemented("2025-05-14T04:01:00Z"));

    assertThat(commitment).isEnded().hasPassed(END_IMPLEMENTED, END_COMMITMENT_CLOSED).hasNotPassed(TASK_REVIEW_OVERDUE_COMMITMENT);
    assertThat(driver.statusHistory(commitment)).containsExactly(PENDING, DUE_SOON, IMPLEMENTED, CLOSED);
    assertThat(commitments.statusHistory(commitment.getBusinessKey()))
        .extracting(CommitmentStatusChange::changedBy).containsExactly("system", "system", "us-secretary", "us-secretary");
    CommitmentView view = commitments.find(commitment.getBusinessKey()).orElseThrow();
    assertThat(view.implementation().instrument()).isEqualTo("Executive Order 14298");
    assertThat(view.implementation().effectiveAt().toInstant()).hasToString("2025-05-14T04:01:00Z");
    assertThat(view.implementation().confirmedBy()).isEqualTo("us-secretary");
    assertThat(view.periods()).isEmpty();
    assertThat(engine.getManagementService().createJobQuery().processInstanceId(commitment.getId()).count()).isZero();
  }

  @Test
  void aConfirmationIsCheckedOnTheServerAndARefusalLeavesTheTaskOpen() {
    ProcessInstance commitment = driver.follow("US", SUSPENSION, TODAY.plusDays(10), null, null);
    driver.fireTimer(commitment, TIMER_REMINDER_DATE);

    assertThatThrownBy(() -> driver.complete(commitment, TASK_CONFIRM_IMPLEMENTATION, "cn-secretary", implemented("2025-05-14T04:01:00Z")))
        .isInstanceOf(AuthorizationException.class);
    assertThatThrownBy(() -> driver.complete(commitment, TASK_CONFIRM_IMPLEMENTATION, "us-secretary",
        vars("implementation", "Tariff cut", "effectiveAt", "2025-05-14T04:01:00Z")))
        .isInstanceOf(InvalidInputException.class).extracting("field").isEqualTo("instrument");
    assertThatThrownBy(() -> driver.complete(commitment, TASK_CONFIRM_IMPLEMENTATION, "us-secretary",
        vars("implementation", "Tariff cut", "instrument", "EO", "effectiveAt", "next Wednesday")))
        .isInstanceOf(InvalidInputException.class).extracting("field").isEqualTo("effectiveAt");
    assertThatThrownBy(() -> driver.complete(commitment, TASK_CONFIRM_IMPLEMENTATION, "us-secretary",
        vars("implementation", "Tariff cut", "instrument", "EO", "effectiveAt", TODAY.plusYears(2) + "T00:00:00Z")))
        .isInstanceOf(InvalidInputException.class).extracting("field").isEqualTo("effectiveAt");

    assertThat(commitment).isWaitingAt(TASK_CONFIRM_IMPLEMENTATION);
    assertThat(driver.status(commitment)).isEqualTo(DUE_SOON);
    assertThat(commitments.find(commitment.getBusinessKey()).orElseThrow().implementation()).isNull();
  }

  @Test
  void aReminderDateAlreadyPastFiresAtOnceAndAJointCommitmentIsOfferedToBothSecretariats() {
    ProcessInstance commitment = driver.follow("BOTH", "Establish the consultation mechanism", TODAY.plusDays(2), null, null);

    assertThat(driver.timerDue(commitment, TIMER_REMINDER_DATE)).isBefore(clock.instant());
    assertThat(engine.getManagementService().createJobQuery().processInstanceId(commitment.getId()).executable().count())
        .as("due now: the job executor takes it at its next acquisition").isEqualTo(1);
    driver.fireTimer(commitment, TIMER_REMINDER_DATE);
    assertThat(driver.candidateGroups(commitment, TASK_CONFIRM_IMPLEMENTATION)).containsExactly("cn-secretariat", "us-secretariat");

    driver.complete(commitment, TASK_CONFIRM_IMPLEMENTATION, "cn-secretary", implemented("2025-05-14T04:01:00Z"));

    assertThat(commitment).isEnded().hasPassed(END_COMMITMENT_CLOSED);
    assertThat(driver.status(commitment)).isEqualTo(CLOSED);
    assertThat(commitments.find(commitment.getBusinessKey()).orElseThrow().implementation().confirmedBy()).isEqualTo("cn-secretary");
  }

  // ---- overdue

  @Test
  void aLateConfirmationEndsTheCoLeadsOverdueReview() {
    LocalDate due = TODAY.plusDays(3);
    ProcessInstance commitment = driver.follow("CN", COUNTERMEASURES, due, null, null);
    driver.fireTimer(commitment, TIMER_REMINDER_DATE);

    driver.fireTimer(commitment, TIMER_DUE_DATE);

    assertThat(commitment).isWaitingAt(TASK_CONFIRM_IMPLEMENTATION, TASK_REVIEW_OVERDUE_COMMITMENT);
    assertThat(driver.status(commitment)).isEqualTo(OVERDUE);
    assertThat(driver.candidateGroups(commitment, TASK_REVIEW_OVERDUE_COMMITMENT)).containsExactly("cn-co-leads", "us-co-leads");

    driver.complete(commitment, TASK_CONFIRM_IMPLEMENTATION, "cn-secretary", implemented(due.plusDays(2) + "T16:00:00Z"));

    assertThat(commitment).isEnded().hasPassed(END_IMPLEMENTED, END_COMMITMENT_CLOSED)
        .hasNotPassed(END_AD_HOC_ROUND_REQUESTED, END_IMPLEMENTATION_AWAITED);
    assertThat(engine.getTaskService().createTaskQuery().processInstanceId(commitment.getId()).count()).isZero();
    assertThat(driver.statusHistory(commitment)).containsExactly(PENDING, DUE_SOON, OVERDUE, IMPLEMENTED, CLOSED);
  }

  @Test
  void coLeadsMayKeepWaitingAndTheOwnerSideConfirmsLater() {
    ProcessInstance commitment = driver.follow("US", SUSPENSION, TODAY.plusDays(1), null, null);
    driver.fireTimer(commitment, TIMER_REMINDER_DATE);
    driver.fireTimer(commitment, TIMER_DUE_DATE);

    assertThatThrownBy(() -> driver.complete(commitment, TASK_REVIEW_OVERDUE_COMMITMENT, "us-secretary", vars("overdueDecision", "KEEP_WAITING")))
        .isInstanceOf(AuthorizationException.class);
    assertThatThrownBy(() -> driver.complete(commitment, TASK_REVIEW_OVERDUE_COMMITMENT, "us-colead", vars("overdueDecision", "MAYBE")))
        .isInstanceOf(InvalidInputException.class).extracting("field").isEqualTo("overdueDecision");
    driver.complete(commitment, TASK_REVIEW_OVERDUE_COMMITMENT, "us-colead", vars("overdueDecision", "keep_waiting"));

    assertThat(commitment).isWaitingAt(TASK_CONFIRM_IMPLEMENTATION).hasPassed(END_IMPLEMENTATION_AWAITED);
    assertThat(driver.status(commitment)).isEqualTo(OVERDUE);

    driver.complete(commitment, TASK_CONFIRM_IMPLEMENTATION, "us-secretary", implemented(TODAY + "T12:00:00Z"));

    assertThat(commitment).isEnded();
    assertThat(driver.statusHistory(commitment)).containsExactly(PENDING, DUE_SOON, OVERDUE, IMPLEMENTED, CLOSED);
  }

  @Test
  void anOverdueCommitmentNeverImplementedLeadsACoLeadToRequestAnAdHocRoundAboutIt() {
    ProcessInstance commitment = driver.follow("US", SUSPENSION, TODAY.minusDays(1), null, null);
    assertThat(engine.getManagementService().createJobQuery().processInstanceId(commitment.getId()).executable().count()).isEqualTo(1);
    driver.fireTimer(commitment, TIMER_REMINDER_DATE);
    assertThat(driver.timerDue(commitment, TIMER_DUE_DATE)).isBeforeOrEqualTo(clock.instant());
    driver.fireTimer(commitment, TIMER_DUE_DATE);
    assertThat(driver.status(commitment)).isEqualTo(OVERDUE);

    driver.complete(commitment, TASK_REVIEW_OVERDUE_COMMITMENT, "cn-colead",
        vars("overdueDecision", "REQUEST_ROUND", "overdueComment", "To be raised at principal level"));
    assertThat(commitment).isWaitingAt(TASK_REQUEST_AD_HOC_ROUND, TASK_CONFIRM_IMPLEMENTATION);
    driver.runJobs(commitment);

    String roundId = commitments.find(commitment.getBusinessKey()).orElseThrow().adHocRoundId();
    assertThat(roundId).isNotNull().isEqualTo(engine.getRuntimeService().getVariable(commitment.getId(), "adHocRoundId"));
    Round round = rounds.find(roundId).orElseThrow();
    assertThat(round.roundType()).isEqualTo(RoundType.AD_HOC);
    assertThat(round.conveningSide()).as("the side of the co-lead who decided").isEqualTo("CN");
    assertThat(round.reason()).contains(commitment.getBusinessKey(), SUSPENSION);
    assertThat(round.status()).isEqualTo(RoundStatus.AWAITING_COUNTERPART);
    ProcessInstance requested = engine.getRuntimeService().createProcessInstanceQuery()
        .processDefinitionKey(RoundProcess.KEY).processInstanceBusinessKey(roundId).singleResult();
    assertThat(requested).isWaitingAt(RoundProcess.TASK_ANSWER_AD_HOC_REQUEST);

    assertThat(commitment).isWaitingAt(TASK_CONFIRM_IMPLEMENTATION).hasPassed(END_AD_HOC_ROUND_REQUESTED);
    assertThat(driver.status(commitment)).as("still overdue, still to be confirmed").isEqualTo(OVERDUE);
    assertThat(auditLog.eventsFor("commitment", commitment.getBusinessKey())).extracting(AuditEvent::actor, AuditEvent::action)
        .contains(tuple("cn-colead", "OVERDUE_REQUEST_ROUND"), tuple("cn-colead", "AD_HOC_ROUND_REQUESTED"));
  }

  // ---- periods

  @Test
  void aSuspensionExtendedTwiceKeepsItsThreePeriodsAndLapsesAsDecided() {
    LocalDate due = TODAY.plusDays(2);
    LocalDate end = due.plusDays(89);
    ProcessInstance commitment = driver.follow("US", SUSPENSION, due, due, end);
    driver.fireTimer(commitment, TIMER_REMINDER_DATE);
    driver.complete(commitment, TASK_CONFIRM_IMPLEMENTATION, "us-secretary", implemented(due + "T04:01:00Z"));

    assertThat(commitment).isWaitingAt(TIMER_PERIOD_REVIEW_DATE);
    assertThat(driver.status(commitment)).isEqualTo(IN_PERIOD);
    assertThat(driver.timerDue(commitment, TIMER_PERIOD_REVIEW_DATE)).as("30 days before the end").isEqualTo(startOf(end.minusDays(30)));
    driver.fireTimer(commitment, TIMER_PERIOD_REVIEW_DATE);
    assertThat(driver.status(commitment)).isEqualTo(PERIOD_ENDING);
    assertThat(driver.candidateGroups(commitment, TASK_REVIEW_PERIOD)).containsExactly("us-secretariat");
    assertThat(driver.timerDue(commitment, TIMER_PERIOD_ENDED_UNDECIDED)).isEqualTo(startOf(end.plusDays(1)));

    assertThatThrownBy(() -> driver.complete(commitment, TASK_REVIEW_PERIOD, "us-secretary", vars("periodDecision", "EXTEND")))
        .isInstanceOf(InvalidInputException.class).extracting("field").isEqualTo("newPeriodEnd");
    assertThatThrownBy(() -> driver.complete(commitment, TASK_REVIEW_PERIOD, "us-secretary",
        vars("periodDecision", "EXTEND", "newPeriodEnd", end.toString())))
        .isInstanceOf(InvalidInputException.class).hasMessageContaining("after the current end");
    assertThatThrownBy(() -> driver.complete(commitment, TASK_REVIEW_PERIOD, "cn-secretary",
        vars("periodDecision", "LET_LAPSE")))
        .isInstanceOf(AuthorizationException.class);
    assertThat(commitment).isWaitingAt(TASK_REVIEW_PERIOD);

    LocalDate firstExtension = end.plusDays(90);
    driver.complete(commitment, TASK_REVIEW_PERIOD, "us-secretary", vars("periodDecision", "EXTEND", "newPeriodEnd", firstExtension.toString()));
    assertThat(commitment).isWaitingAt(TIMER_PERIOD_REVIEW_DATE).hasPassed(TASK_EXTEND_PERIOD);
    assertThat(driver.status(commitment)).isEqualTo(IN_PERIOD);
    assertThat(driver.timerDue(commitment, TIMER_PERIOD_REVIEW_DATE)).isEqualTo(startOf(firstExtension.minusDays(30)));

    driver.fireTimer(commitment, TIMER_PERIOD_REVIEW_DATE);
    LocalDate secondExtension = firstExtension.plusDays(90);
    driver.complete(commitment, TASK_REVIEW_PERIOD, "us-secretary",
        vars("periodDecision", "EXTEND", "newPeriodEnd", secondExtension + "T00:00:00.000Z", "periodComment", "Extended again"));
    driver.fireTimer(commitment, TIMER_PERIOD_REVIEW_DATE);
    assertThat(engine.getTaskService().getVariableLocal(driver.task(commitment, TASK_REVIEW_PERIOD).getId(), "periodDecision"))
        .as("each review starts without the previous answer").isNull();
    driver.complete(commitment, TASK_REVIEW_PERIOD, "us-secretary", vars("periodDecision", "LET_LAPSE", "periodComment", "Tariffs resume"));

    assertThat(commitment).isWaitingAt(TIMER_PERIOD_ENDS);
    assertThat(driver.status(commitment)).as("until the period's last day is over").isEqualTo(PERIOD_ENDING);
    assertThat(driver.timerDue(commitment, TIMER_PERIOD_ENDS)).isEqualTo(startOf(secondExtension.plusDays(1)));
    assertThat(commitments.periods(commitment.getBusinessKey()))
        .extracting(CommitmentPeriod::seq, CommitmentPeriod::startDate, CommitmentPeriod::endDate, CommitmentPeriod::recordedBy)
        .containsExactly(
            tuple(1, due, end, "system"),
            tuple(2, end.plusDays(1), firstExtension, "us-secretary"),
            tuple(3, firstExtension.plusDays(1), secondExtension, "us-secretary"));
    assertThat(commitments.find(commitment.getBusinessKey()).orElseThrow().periodEnd()).isEqualTo(secondExtension);

    driver.fireTimer(commitment, TIMER_PERIOD_ENDS);

    assertThat(commitment).isEnded().hasPassed(END_PERIOD_LAPSED);
    assertThat(driver.statusHistory(commitment)).containsExactly(
        PENDING, DUE_SOON, IMPLEMENTED, IN_PERIOD, PERIOD_ENDING, IN_PERIOD, PERIOD_ENDING, IN_PERIOD, PERIOD_ENDING, LAPSED);
    assertThat(auditLog.eventsFor("commitment", commitment.getBusinessKey())).extracting(AuditEvent::action)
        .containsSubsequence("PERIOD_LET_LAPSE", "PERIOD_EXTENDED", "PERIOD_EXTENDED");
  }

  @Test
  void aPeriodNobodyDecidesOnLapsesAtTheEndOfItsLastDay() {
    LocalDate due = TODAY.plusDays(1);
    ProcessInstance commitment = driver.follow("CN", COUNTERMEASURES, due, due, due.plusDays(20));
    driver.fireTimer(commitment, TIMER_REMINDER_DATE);
    driver.complete(commitment, TASK_CONFIRM_IMPLEMENTATION, "cn-secretary", implemented(due + "T00:00:00Z"));
    assertThat(driver.timerDue(commitment, TIMER_PERIOD_REVIEW_DATE)).as("a review date already past fires at once").isBefore(clock.instant());
    driver.fireTimer(commitment, TIMER_PERIOD_REVIEW_DATE);
    assertThat(driver.status(commitment)).isEqualTo(PERIOD_ENDING);

    driver.fireTimer(commitment, TIMER_PERIOD_ENDED_UNDECIDED);

    assertThat(commitment).isEnded().hasPassed(END_LAPSED_WITHOUT_DECISION).hasNotPassed(END_PERIOD_LAPSED);
    assertThat(engine.getTaskService().createTaskQuery().processInstanceId(commitment.getId()).count()).isZero();
    assertThat(driver.statusHistory(commitment)).containsExactly(PENDING, DUE_SOON, IMPLEMENTED, IN_PERIOD, PERIOD_ENDING, LAPSED);
    List<CommitmentStatusChange> history = commitments.statusHistory(commitment.getBusinessKey());
    assertThat(history.get(history.size() - 1).changedBy()).isEqualTo("system");
  }

  @Test
  void onlyTheRoundStartsTheFollowUpOfACommitmentNotAPerson() {
    String roundId = driver.round();
    String id = driver.commitment(roundId, 1, "US", SUSPENSION, TODAY.plusDays(5), null, null, "PENDING");

    assertThatThrownBy(() -> driver.as("us-secretary", () -> engine.getRuntimeService()
        .startProcessInstanceByKey(CommitmentProcess.KEY, id, Map.of("roundId", roundId, "commitmentId", id))))
        .isInstanceOf(AuthorizationException.class);

    assertThat(jdbc.sql("select process_instance_id from commitment where id = :id").param("id", id).query(String.class).list())
        .as("not tied to any process").containsExactly((String) null);
    assertThat(engine.getRuntimeService().createProcessInstanceQuery().processInstanceBusinessKey(id).count()).isZero();
  }

  // ---- with the round

  @Test
  void aRoundIsConcludedWhenTheFollowUpOfItsLastCommitmentEnds() {
    RoundDriver rounds = new RoundDriver(engine, this.rounds, roundCommands);
    LocalDate due = TODAY.plusDays(2);
    ProcessInstance round = agreedRoundWithReadouts(rounds,
        "US | " + SUSPENSION + " | " + due + " | " + due + " | " + due.plusDays(89) + "\nCN | " + COUNTERMEASURES + " | " + due);
    ProcessInstance suspension = followUp(round, 1);
    ProcessInstance countermeasures = followUp(round, 2);

    driver.fireTimer(countermeasures, TIMER_REMINDER_DATE);
    driver.complete(countermeasures, TASK_CONFIRM_IMPLEMENTATION, "cn-secretary", implemented(due + "T00:00:00Z"));
    assertThat(countermeasures).isEnded();
    rounds.runJobs(round);
    assertThat(rounds.status(round)).as("one commitment still followed up").isEqualTo(RoundStatus.IMPLEMENTING);

    driver.fireTimer(suspension, TIMER_REMINDER_DATE);
    driver.complete(suspension, TASK_CONFIRM_IMPLEMENTATION, "us-secretary", implemented(due + "T04:01:00Z"));
    driver.fireTimer(suspension, TIMER_PERIOD_REVIEW_DATE);
    driver.complete(suspension, TASK_REVIEW_PERIOD, "us-secretary", vars("periodDecision", "LET_LAPSE"));
    driver.fireTimer(suspension, TIMER_PERIOD_ENDS);
    // Each ended follow-up hands back to the round through a job (asyncAfter), so that two
    // follow-ups ending at the same instant never collide on the round.
    rounds.runJobs(round);

    assertThat(round).isEnded().hasPassed(RoundProcess.CALL_TRACK_COMMITMENTS, "EndEvent_RoundConcluded");
    assertThat(rounds.status(round)).isEqualTo(RoundStatus.CONCLUDED);
    assertThat(this.rounds.commitments(round.getBusinessKey()))
        .extracting(c -> c.ownerSide(), c -> c.status())
        .containsExactly(tuple("US", "LAPSED"), tuple("CN", "CLOSED"));
  }

  @Test
  void eachCommitmentARoundAgreesIsFollowedUpAndCancellingTheRoundClosesThem() {
    RoundDriver rounds = new RoundDriver(engine, this.rounds, roundCommands);
    ProcessInstance round = agreedRoundWithReadouts(rounds,
        "US | " + SUSPENSION + " | " + TODAY.plusDays(2) + " | " + TODAY.plusDays(2) + " | " + TODAY.plusDays(91)
            + "\nCN | " + COUNTERMEASURES + " | " + TODAY.plusDays(2));

    assertThat(round).isWaitingAt(RoundProcess.CALL_TRACK_COMMITMENTS);
    assertThat(rounds.status(round)).isEqualTo(RoundStatus.IMPLEMENTING);
    List<ProcessInstance> followUps = engine.getRuntimeService().createProcessInstanceQuery()
        .processDefinitionKey(CommitmentProcess.KEY).superProcessInstanceId(round.getId()).orderByBusinessKey().asc().list();
    assertThat(followUps).extracting(ProcessInstance::getBusinessKey)
        .containsExactly(round.getBusinessKey() + "-S1-C1", round.getBusinessKey() + "-S1-C2");
    for (ProcessInstance followUp : followUps) {
      driver.verify(followUp);
      assertThat(followUp).isWaitingAt(TIMER_REMINDER_DATE);
      assertThat(driver.status(followUp)).isEqualTo(PENDING);
    }
    assertThat(commitments.periods(followUps.get(0).getBusinessKey())).hasSize(1);

    rounds.cancel(round, "cn-secretary", "Overtaken by events");

    for (ProcessInstance followUp : followUps) {
      assertThat(followUp).isEnded();
      driver.verify(followUp);
      assertThat(driver.status(followUp)).isEqualTo(CLOSED);
      assertThat(auditLog.eventsFor("commitment", followUp.getBusinessKey())).extracting(AuditEvent::action)
          .contains("COMMITMENT_FOLLOW_UP_CANCELLED");
    }
  }

  // ---- steps

  /** The follow-up of the round's n-th commitment of session 1, started by the round's call activity. */
  private ProcessInstance followUp(ProcessInstance round, int n) {
    ProcessInstance followUp = engine.getRuntimeService().createProcessInstanceQuery().processDefinitionKey(CommitmentProcess.KEY)
        .superProcessInstanceId(round.getId()).processInstanceBusinessKey(round.getBusinessKey() + "-S1-C" + n).singleResult();
    assertThat(followUp).as("follow-up of commitment %s", n).isNotNull();
    driver.verify(followUp);
    return followUp;
  }

  private static Map<String, Object> implemented(String effectiveAt) {
    return vars("implementation", "Additional duties reduced from 34% to 10% for 90 days",
        "instrument", "Executive Order 14298", "effectiveAt", effectiveAt);
  }

  /** A principal round agreed with separate readouts and these commitments, driven to its commitments. */
  private static ProcessInstance agreedRoundWithReadouts(RoundDriver rounds, String commitmentLines) {
    LocalDate start = RoundDriver.START;
    ProcessInstance round = rounds.convene("us-secretary", RoundDriver.regularRound("PRINCIPAL"));
    rounds.complete(round, RoundProcess.TASK_PROPOSE_ARRANGEMENTS, "us-secretary",
        vars("host", "THIRD_COUNTRY", "venue", "Geneva", "startDate", start.toString(), "endDate", start.plusDays(1).toString()));
    rounds.complete(round, RoundProcess.TASK_CONFIRM_ARRANGEMENTS, "cn-secretary", vars("arrangementsDecision", "AGREE"));
    rounds.complete(round, RoundProcess.TASK_PROPOSE_AGENDA_US, "us-secretary", vars("topics", List.of("TARIFFS"), "delegation", "Treasury Secretary"));
    rounds.complete(round, RoundProcess.TASK_PROPOSE_AGENDA_CN, "cn-secretary", vars("topics", List.of("TARIFFS"), "delegation", "Vice Premier"));
    rounds.runJobs(round);
    rounds.complete(round, RoundProcess.TASK_FINALISE_AGENDA, "us-secretary", vars("agenda", "Tariffs"));
    rounds.complete(round, RoundProcess.TASK_RECORD_SESSION, "us-secretary", vars("itemOutcomes", "Tariffs | AGREED",
        "outcomeForm", "SEPARATE_READOUTS", "commitments", commitmentLines, "anotherSession", false));
    rounds.complete(round, RoundProcess.TASK_APPROVE_OUTCOME_US, "us-colead", vars("approval", "APPROVE"));
    rounds.complete(round, RoundProcess.TASK_APPROVE_OUTCOME_CN, "cn-colead", vars("approval", "APPROVE"));
    rounds.runJobs(round);
    rounds.complete(round, RoundProcess.TASK_PUBLISH_READOUT_US, "us-secretary",
        vars("readoutText", "Readout of the U.S. side", "publishedAt", "2025-05-12T08:00:00Z"));
    rounds.complete(round, RoundProcess.TASK_PUBLISH_READOUT_CN, "cn-secretary",
        vars("readoutText", "中方新闻稿", "publishedAt", "2025-05-12T08:00:00Z"));
    rounds.runJobs(round);
    return round;
  }
}
