package org.tradeconsult.mechanism.round;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.assertThat;
import static org.tradeconsult.mechanism.round.RoundProcess.*;
import static org.tradeconsult.mechanism.support.RoundDriver.START;
import static org.tradeconsult.mechanism.support.RoundDriver.regularRound;
import static org.tradeconsult.mechanism.support.RoundDriver.vars;

import java.time.Clock;
import java.util.List;
import java.util.Map;
import org.camunda.bpm.engine.AuthorizationException;
import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.runtime.Job;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.tradeconsult.mechanism.audit.AuditLog;
import org.tradeconsult.mechanism.support.RoundDriver;
import org.tradeconsult.mechanism.support.ServiceTest;
import org.tradeconsult.mechanism.support.StatementDriver;
import org.tradeconsult.mechanism.validation.InvalidInputException;

/**
 * Every path of {@code consultation-round}, driven as the demo users would drive it in
 * Tasklist. The class must cover every flow node and sequence flow (coverage gate).
 */
@ServiceTest
class RoundProcessTest {

  @Autowired ProcessEngine engine;
  @Autowired RoundService rounds;
  @Autowired RoundCommandService commands;
  @Autowired CadenceService cadence;
  @Autowired AuditLog auditLog;
  @Autowired Clock clock;
  @Autowired org.tradeconsult.mechanism.statement.StatementService publicStatements;
  RoundDriver driver;
  StatementDriver statements;

  @BeforeEach
  void setUp() {
    BpmnAwareTests.init(engine);
    driver = new RoundDriver(engine, rounds, commands);
    statements = new StatementDriver(engine, driver);
  }

  // ---- the way in

  @Test
  void aRegularRoundConvenedByTheUsSecretariatWaitsForItsArrangements() {
    ProcessInstance round = driver.convene("us-secretary", regularRound("PRINCIPAL"));

    assertThat(round).isWaitingAt(TASK_PROPOSE_ARRANGEMENTS);
    Round row = rounds.find(round.getBusinessKey()).orElseThrow();
    assertThat(row.status()).isEqualTo(RoundStatus.PREPARING);
    assertThat(row.conveningSide()).isEqualTo("US");
    assertThat(row.awaitedSides()).isEqualTo("US");
    assertThat(row.createdBy()).isEqualTo("us-secretary");
    assertThat(round.getBusinessKey()).matches("R-\\d{8}-[A-Z2-9]{6}");
    assertThat(engine.getTaskService().getIdentityLinksForTask(driver.task(round, TASK_PROPOSE_ARRANGEMENTS).getId()))
        .anySatisfy(link -> assertThat(link.getGroupId()).isEqualTo("us-secretariat"));
  }

  @Test
  void aStartWithBadInputIsRefusedNamingTheFieldAndLeavesNothingBehind() {
    long before = engine.getRuntimeService().createProcessInstanceQuery().processDefinitionKey(KEY).count();
    Map<String, Object> endBeforeStart = regularRound("WORKING");
    endBeforeStart.put("endDate", START.minusDays(1).toString());

    assertThatThrownBy(() -> driver.convene("cn-secretary", endBeforeStart))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("'endDate'");
    assertThatThrownBy(() -> driver.convene("cn-secretary", vars("level", "MINISTERIAL", "title", "x")))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("'level'");
    assertThat(engine.getRuntimeService().createProcessInstanceQuery().processDefinitionKey(KEY).count()).isEqualTo(before);
  }

  @Test
  void onlyASecretariatConvenesAndOnlyForItsOwnSide() {
    assertThatThrownBy(() -> driver.convene("admin", regularRound("DEPUTY"))).isInstanceOf(AuthorizationException.class);
    assertThatThrownBy(() -> driver.request("us-secretary", vars("requestingSide", "CN", "reason", "urgent matter")))
        .isInstanceOf(AuthorizationException.class)
        .hasMessageContaining("requestingSide");
  }

  // ---- ad-hoc requests

  @Test
  void anAdHocRequestAcceptedByTheCounterpartMovesToPreparation() {
    ProcessInstance round = driver.request("us-secretary", vars("requestingSide", "US", "reason", "Export controls on chips"));
    assertThat(driver.status(round)).isEqualTo(RoundStatus.AWAITING_COUNTERPART);
    assertThat(rounds.find(round.getBusinessKey()).orElseThrow().awaitedSides()).isEqualTo("CN");

    driver.complete(round, TASK_ANSWER_AD_HOC_REQUEST, "cn-secretary", vars("decision", "ACCEPT"));

    assertThat(round).isWaitingAt(TASK_PROPOSE_ARRANGEMENTS);
    assertThat(driver.status(round)).isEqualTo(RoundStatus.PREPARING);
    assertThat(rounds.statusHistory(round.getBusinessKey())).extracting(StatusChange::status)
        .containsExactly(RoundStatus.REQUESTED, RoundStatus.AWAITING_COUNTERPART, RoundStatus.PREPARING);
  }

  @Test
  void aDeclinedRequestEndsAsDeclinedAndADeclineNeedsAReason() {
    ProcessInstance round = driver.request("cn-secretary", vars("requestingSide", "CN", "reason", "Tariff escalation"));

    assertThatThrownBy(() -> driver.complete(round, TASK_ANSWER_AD_HOC_REQUEST, "us-secretary", vars("decision", "DECLINE")))
        .isInstanceOf(InvalidInputException.class).hasMessageContaining("declineReason");
    driver.complete(round, TASK_ANSWER_AD_HOC_REQUEST, "us-secretary", vars("decision", "DECLINE", "declineReason", "Covered next month"));

    assertThat(round).isEnded().hasPassed("EndEvent_RequestDeclined");
    assertThat(driver.status(round)).isEqualTo(RoundStatus.DECLINED);
  }

  @Test
  void anUrgentRequestGetsTheShorterResponseWindow() {
    ProcessInstance round = driver.request("us-secretary", vars("requestingSide", "US", "reason", "Urgent", "urgent", true));

    Job timer = engine.getManagementService().createJobQuery().processInstanceId(round.getId()).timers().singleResult();
    long days = java.time.Duration.between(clock.instant(), timer.getDuedate().toInstant()).toDays();
    assertThat(days).isBetween(4L, 5L);
  }

  @Test
  void anUnansweredRequestIsEscalatedAndLapsesWhenNobodyDecides() {
    ProcessInstance round = driver.request("us-secretary", vars("requestingSide", "US", "reason", "Fentanyl precursors"));

    driver.fireTimer(round, TIMER_RESPONSE_WINDOW);
    assertThat(round).isWaitingAt(TASK_DECIDE_ESCALATED_REQUEST);
    assertThat(rounds.find(round.getBusinessKey()).orElseThrow().awaitedSides()).isEqualTo("CN,US");
    driver.fireTimer(round, TIMER_ESCALATION_WINDOW);

    assertThat(round).isEnded().hasPassed("EndEvent_RequestLapsed");
    assertThat(driver.status(round)).isEqualTo(RoundStatus.LAPSED);
  }

  @Test
  void anEscalatedRequestCanStillBeAcceptedButOnlyByTheCounterpartsCoLead() {
    ProcessInstance round = driver.request("us-secretary", vars("requestingSide", "US", "reason", "Rare earths"));
    driver.fireTimer(round, TIMER_RESPONSE_WINDOW);

    assertThatThrownBy(() -> driver.complete(round, TASK_DECIDE_ESCALATED_REQUEST, "us-colead", vars("decision", "ACCEPT")))
        .isInstanceOf(AuthorizationException.class);
    driver.complete(round, TASK_DECIDE_ESCALATED_REQUEST, "cn-colead", vars("decision", "ACCEPT"));

    assertThat(round).isWaitingAt(TASK_PROPOSE_ARRANGEMENTS);
  }

  @Test
  void theRequestingSidesCoLeadMayCloseAnEscalatedRequest() {
    ProcessInstance round = driver.request("cn-secretary", vars("requestingSide", "CN", "reason", "Soybeans"));
    driver.fireTimer(round, TIMER_RESPONSE_WINDOW);

    driver.complete(round, TASK_DECIDE_ESCALATED_REQUEST, "cn-colead", vars("decision", "DECLINE", "declineReason", "Withdrawn"));

    assertThat(round).isEnded().hasPassed("EndEvent_EscalatedRequestClosed");
    assertThat(driver.status(round)).isEqualTo(RoundStatus.LAPSED);
  }

  // ---- through to the end

  @Test
  void aPrincipalRoundApprovedByBothCoLeadsReleasesAJointStatementAndFollowsItsCommitments() {
    ProcessInstance round = driver.convene("us-secretary", regularRound("PRINCIPAL"));
    agreeArrangements(round, "THIRD_COUNTRY", "Geneva");
    prepareAgenda(round);
    recordSession(round, "JOINT_STATEMENT",
        "US | Suspend 24 points of the additional tariff | " + START.plusDays(2) + " | " + START.plusDays(2) + " | " + START.plusDays(92)
            + "\nCN | Suspend non-tariff countermeasures | " + START.plusDays(2), false);
    assertThat(driver.status(round)).isEqualTo(RoundStatus.AWAITING_CO_LEAD_APPROVAL);
    assertThat(rounds.find(round.getBusinessKey()).orElseThrow().awaitedSides()).isEqualTo("CN,US");

    approve(round, "APPROVE", "APPROVE");
    assertThat(driver.status(round)).isEqualTo(RoundStatus.COMMUNICATING_OUTCOME);
    ProcessInstance statement = statements.scheduleReleaseSoon(round, "us-secretary");
    statements.fireRelease(statement);
    driver.runJobs(round);

    assertThat(round).isWaitingAt(CALL_TRACK_COMMITMENTS);
    assertThat(driver.status(round)).isEqualTo(RoundStatus.IMPLEMENTING);
    assertThat(rounds.commitments(round.getBusinessKey())).extracting(Commitment::status).containsOnly("PENDING");
    closeCommitments(round);
    driver.runJobs(round);

    assertThat(round).isEnded()
        .hasPassed(CALL_JOINT_STATEMENT, CALL_TRACK_COMMITMENTS, "EndEvent_RoundConcluded");
    assertThat(driver.status(round)).isEqualTo(RoundStatus.CONCLUDED);
    Round row = rounds.find(round.getBusinessKey()).orElseThrow();
    assertThat(row.host()).isEqualTo("THIRD_COUNTRY");
    assertThat(row.venue()).isEqualTo("Geneva");
    assertThat(row.endedAt()).isNotNull();
    assertThat(rounds.commitments(round.getBusinessKey()))
        .extracting(Commitment::ownerSide, Commitment::status)
        .containsExactly(org.assertj.core.groups.Tuple.tuple("US", "LAPSED"), org.assertj.core.groups.Tuple.tuple("CN", "CLOSED"));
    assertThat(engine.getHistoryService().createHistoricProcessInstanceQuery()
        .superProcessInstanceId(round.getId()).processDefinitionKey("commitment-tracking").count()).isEqualTo(2);
    assertThat(rounds.statusHistory(round.getBusinessKey())).extracting(StatusChange::status).containsExactly(
        RoundStatus.PREPARING, RoundStatus.IN_SESSION, RoundStatus.AWAITING_CO_LEAD_APPROVAL,
        RoundStatus.COMMUNICATING_OUTCOME, RoundStatus.IMPLEMENTING, RoundStatus.CONCLUDED);
  }

  @Test
  void aWorkingLevelRoundWithACounterProposalTwoSessionsAndSeparateReadouts() {
    ProcessInstance round = driver.convene("cn-secretary", regularRound("WORKING"));
    driver.complete(round, TASK_PROPOSE_ARRANGEMENTS, "cn-secretary", arrangements("CN", "Beijing"));
    driver.complete(round, TASK_CONFIRM_ARRANGEMENTS, "us-secretary",
        vars("arrangementsDecision", "COUNTER", "arrangementsComment", "One day later, please"));
    assertThat(round).isWaitingAt(TASK_PROPOSE_ARRANGEMENTS);
    driver.complete(round, TASK_PROPOSE_ARRANGEMENTS, "cn-secretary", arrangements("CN", "Beijing"));
    driver.complete(round, TASK_CONFIRM_ARRANGEMENTS, "us-secretary", vars("arrangementsDecision", "AGREE"));
    prepareAgenda(round);
    recordSession(round, "SEPARATE_READOUTS", null, true);
    assertThat(round).isWaitingAt(TASK_RECORD_SESSION);
    recordSession(round, "SEPARATE_READOUTS", null, false);
    approve(round, "APPROVE", "APPROVE");
    assertThat(driver.status(round)).isEqualTo(RoundStatus.COMMUNICATING_OUTCOME);

    driver.complete(round, TASK_PUBLISH_READOUT_US, "us-secretary",
        vars("readoutText", "Readout of the U.S. side", "publishedAt", "2025-05-12T08:00:00Z"));
    driver.complete(round, TASK_PUBLISH_READOUT_CN, "cn-secretary",
        vars("readoutText", "中方新闻稿", "publishedAt", clock.instant().plusSeconds(86400).toString()));
    driver.runJobs(round);

    assertThat(round).isEnded().hasPassed("Gateway_ReadoutJoin", "EndEvent_RoundConcluded").hasNotPassed(CALL_TRACK_COMMITMENTS);
    assertThat(driver.status(round)).isEqualTo(RoundStatus.CONCLUDED);
    Round row = rounds.find(round.getBusinessKey()).orElseThrow();
    assertThat(row.sessionCount()).isEqualTo(2);
    assertThat(row.level()).isEqualTo(RoundLevel.WORKING);
    assertThat(rounds.readoutCount(round.getBusinessKey())).isEqualTo(2);
    assertThat(publicStatements.releasedOne(round.getBusinessKey() + "-READOUT-US")).hasValueSatisfying(readout -> {
      assertThat(readout.kind()).isEqualTo("READOUT");
      assertThat(readout.side()).isEqualTo("US");
      assertThat(readout.text()).isEqualTo("Readout of the U.S. side");
    });
    assertThat(publicStatements.releasedOne(round.getBusinessKey() + "-READOUT-CN")).as("published only from its instant on").isEmpty();
  }

  @Test
  void aRejectedOutcomeGoesBackToAnotherSessionAndIsThenApproved() {
    ProcessInstance round = preparedRound("us-secretary", "DEPUTY");
    recordSession(round, "NO_AGREEMENT", null, false);

    assertThatThrownBy(() -> driver.complete(round, TASK_APPROVE_OUTCOME_CN, "cn-colead", vars("approval", "REJECT")))
        .isInstanceOf(InvalidInputException.class).hasMessageContaining("rejectionReason");
    approve(round, "APPROVE", "REJECT");

    assertThat(round).isWaitingAt(TASK_RECORD_SESSION);
    assertThat(rounds.find(round.getBusinessKey()).orElseThrow().rejectionCount()).isEqualTo(1);
    recordSession(round, "NO_AGREEMENT", null, false);
    approve(round, "APPROVE", "APPROVE");

    assertThat(round).isEnded().hasPassed("EndEvent_ConcludedWithoutAgreement");
    assertThat(driver.status(round)).isEqualTo(RoundStatus.NO_AGREEMENT);
  }

  @Test
  void afterTheConfiguredNumberOfRejectionsTheRoundEndsWithoutAgreement() {
    ProcessInstance round = preparedRound("us-secretary", "PRINCIPAL");
    for (int i = 0; i < 3; i++) {
      recordSession(round, "JOINT_STATEMENT", null, false);
      approve(round, "REJECT", "APPROVE");
    }

    assertThat(round).isEnded().hasPassed("EndEvent_NoAgreementAfterRejections");
    assertThat(driver.status(round)).isEqualTo(RoundStatus.NO_AGREEMENT);
    assertThat(auditLog.eventsFor("round", round.getBusinessKey()))
        .filteredOn(e -> e.action().equals("OUTCOME_REJECTED")).hasSize(3);
  }

  @Test
  void aRoundThatNeedsTheLeadersWaitsForBothEndorsementsWithReminders() {
    Map<String, Object> start = regularRound("PRINCIPAL");
    start.put("leadersEndorsementRequired", true);
    ProcessInstance round = preparedRound("cn-secretary", start);
    recordSession(round, "JOINT_STATEMENT", null, false);
    approve(round, "APPROVE", "APPROVE");
    assertThat(driver.status(round)).isEqualTo(RoundStatus.AWAITING_LEADERS);

    driver.fireTimer(round, TIMER_ENDORSEMENT_REMINDER_US);
    driver.fireTimer(round, TIMER_ENDORSEMENT_REMINDER_CN);
    assertThat(round).isWaitingAt(TASK_RECORD_ENDORSEMENT_US, TASK_RECORD_ENDORSEMENT_CN)
        .hasPassed("Task_RemindEndorsementUS", "Task_RemindEndorsementCN");
    assertThat(auditLog.eventsFor("round", round.getBusinessKey()))
        .filteredOn(e -> e.action().equals("REMINDER_SENT")).hasSize(2);

    driver.complete(round, TASK_RECORD_ENDORSEMENT_US, "us-secretary", vars("endorsement", "ENDORSED"));
    driver.complete(round, TASK_RECORD_ENDORSEMENT_CN, "cn-secretary", vars("endorsement", "ENDORSED"));
    driver.runJobs(round);
    statements.fireRelease(statements.scheduleReleaseSoon(round, "cn-secretary"));

    assertThat(round).isEnded().hasPassed(CALL_JOINT_STATEMENT).hasNotPassed(CALL_TRACK_COMMITMENTS);
    assertThat(driver.status(round)).isEqualTo(RoundStatus.CONCLUDED);
  }

  @Test
  void anOutcomeALeaderDoesNotEndorseEndsWithoutAgreement() {
    Map<String, Object> start = regularRound("PRINCIPAL");
    start.put("leadersEndorsementRequired", "true");
    ProcessInstance round = preparedRound("us-secretary", start);
    recordSession(round, "JOINT_STATEMENT", null, false);
    approve(round, "APPROVE", "APPROVE");

    driver.complete(round, TASK_RECORD_ENDORSEMENT_US, "us-secretary", vars("endorsement", "ENDORSED"));
    driver.complete(round, TASK_RECORD_ENDORSEMENT_CN, "cn-secretary", vars("endorsement", "NOT_ENDORSED"));
    driver.runJobs(round);

    assertThat(round).isEnded().hasPassed("EndEvent_NotEndorsed");
    assertThat(driver.status(round)).isEqualTo(RoundStatus.NO_AGREEMENT);
  }

  // ---- dual control and server-side checks

  @Test
  void noOneApprovesForTheOtherSideNotEvenAnAdministrator() {
    ProcessInstance round = preparedRound("us-secretary", "PRINCIPAL");
    recordSession(round, "JOINT_STATEMENT", null, false);

    assertThatThrownBy(() -> driver.complete(round, TASK_APPROVE_OUTCOME_US, "cn-colead", vars("approval", "APPROVE")))
        .isInstanceOf(AuthorizationException.class);
    assertThatThrownBy(() -> driver.complete(round, TASK_APPROVE_OUTCOME_US, "admin", vars("approval", "APPROVE")))
        .isInstanceOf(AuthorizationException.class);

    assertThat(round).isWaitingAt(TASK_APPROVE_OUTCOME_US, TASK_APPROVE_OUTCOME_CN);
    String taskId = driver.task(round, TASK_APPROVE_OUTCOME_US).getId();
    assertThat(auditLog.eventsFor("task", taskId)).extracting(e -> e.actor() + " " + e.action())
        .containsExactlyInAnyOrder("admin TASK_COMPLETION_REFUSED", "cn-colead TASK_COMPLETION_REFUSED");
  }

  @Test
  void aSessionRecordWithMalformedCommitmentsIsRefusedAndTheTaskStaysOpen() {
    ProcessInstance round = preparedRound("us-secretary", "WORKING");

    assertThatThrownBy(() -> driver.complete(round, TASK_RECORD_SESSION, "us-secretary",
        vars("itemOutcomes", "Tariffs | AGREED", "outcomeForm", "JOINT_STATEMENT", "commitments", "US | act | next week")))
        .isInstanceOf(InvalidInputException.class).hasMessageContaining("'commitments' line 1");
    assertThatThrownBy(() -> driver.complete(round, TASK_RECORD_SESSION, "us-secretary",
        vars("itemOutcomes", "Tariffs - agreed", "outcomeForm", "JOINT_STATEMENT")))
        .isInstanceOf(InvalidInputException.class).hasMessageContaining("'itemOutcomes'");

    assertThat(round).isWaitingAt(TASK_RECORD_SESSION);
    assertThat(rounds.find(round.getBusinessKey()).orElseThrow().sessionCount()).isZero();
  }

  // ---- cancellation

  enum WaitingState { ANSWER, ESCALATION, ARRANGEMENTS, CONFIRMATION, AGENDA, FINAL_AGENDA, SESSION, APPROVAL, ENDORSEMENT, READOUTS }

  @ParameterizedTest
  @EnumSource(WaitingState.class)
  void aSecretariatCanCancelARoundInEveryWaitingStateAndEveryOpenTaskGoesAway(WaitingState state) {
    ProcessInstance round = driveTo(state);
    assertThat(engine.getTaskService().createTaskQuery().processInstanceId(round.getId()).count()).isPositive();

    driver.cancel(round, "cn-secretary", "Overtaken by events (" + state + ")");

    assertThat(round).isEnded().hasPassed("EndEvent_RoundCancelled");
    assertThat(driver.status(round)).isEqualTo(RoundStatus.CANCELLED);
    assertThat(rounds.openTaskActivities(round.getBusinessKey())).isEmpty();
  }

  /**
   * A cancellation racing a task's completion can read the task after the completion has
   * removed what its form entered: the cancellation must not fail on it (it then meets the
   * completion in the engine's revision checks, a conflict to retry, never a 500).
   */
  @ParameterizedTest
  @EnumSource(WaitingState.class)
  void aCancellationStillCancelsWhenATaskHasLostWhatItsFormEnteredToAConcurrentCompletion(WaitingState state) {
    ProcessInstance round = driveTo(state);
    int removed = 0;
    for (org.camunda.bpm.engine.task.Task task : engine.getTaskService().createTaskQuery().processInstanceId(round.getId()).list()) {
      if (task.getExecutionId().equals(round.getId())) {
        continue; // a task without fields of its own runs on the round's own execution
      }
      java.util.Set<String> fields = engine.getRuntimeService().getVariablesLocal(task.getExecutionId()).keySet();
      engine.getRuntimeService().removeVariablesLocal(task.getExecutionId(), fields);
      removed += fields.size();
    }

    driver.cancel(round, "us-secretary", "Overtaken by events (" + state + ")");

    assertThat(round).isEnded().hasPassed("EndEvent_RoundCancelled");
    assertThat(driver.status(round)).isEqualTo(RoundStatus.CANCELLED);
    if (state == WaitingState.APPROVAL) {
      assertThat(removed).as("the co-leads' approval fields").isGreaterThanOrEqualTo(4);
    }
  }

  @Test
  void aCancellationWithoutReasonOrByACoLeadIsRefusedAndTheRoundGoesOn() {
    ProcessInstance round = preparedRound("us-secretary", "DEPUTY");

    assertThatThrownBy(() -> driver.cancel(round, "us-secretary", " ")).isInstanceOf(InvalidInputException.class);
    assertThatThrownBy(() -> driver.cancel(round, "us-colead", "No")).isInstanceOf(AuthorizationException.class);

    assertThat(round).isWaitingAt(TASK_RECORD_SESSION);
    assertThat(driver.status(round)).isEqualTo(RoundStatus.IN_SESSION);
  }

  // ---- the schedule

  @Test
  void theDailyScheduleConvenesEachDueLevelOnceAndNothingWhenDisabled() {
    Job daily = engine.getManagementService().createJobQuery().processDefinitionKey(SCHEDULE_KEY).timers().singleResult();
    engine.getManagementService().executeJob(daily.getId());
    assertThat(engine.getHistoryService().createHistoricActivityInstanceQuery()
        .activityId("Task_ConveneDueRegularRounds").finished().count()).isPositive();
    assertThat(cadence.conveneDueRounds()).as("disabled in the demo profile").isEmpty();

    CadenceService enabled = new CadenceService(
        new CadenceProperties(true, java.time.Period.ofMonths(6), null, java.time.Period.ofMonths(1), java.time.Period.ofDays(30)),
        rounds, engine.getRuntimeService(), clock);
    List<RoundLevel> first = enabled.conveneDueRounds();
    List<RoundLevel> second = enabled.conveneDueRounds();

    assertThat(first).doesNotContain(RoundLevel.DEPUTY);
    assertThat(second).as("a level convened once is not due again").isEmpty();
    assertThat(rounds.latestRegularRounds().get(RoundLevel.WORKING)).isPresent();
  }

  @Test
  void aLevelIsDueWhenItsIntervalHasPassedSinceTheLastRegularRound() {
    java.time.Instant now = java.time.Instant.parse("2026-11-28T00:00:00Z");
    java.time.Period semiAnnual = java.time.Period.ofMonths(6);

    assertThat(CadenceService.isDue(java.util.Optional.empty(), semiAnnual, now)).isTrue();
    assertThat(CadenceService.isDue(java.util.Optional.of(java.time.Instant.parse("2026-05-28T00:00:00Z")), semiAnnual, now)).isTrue();
    assertThat(CadenceService.isDue(java.util.Optional.of(java.time.Instant.parse("2026-05-29T00:00:00Z")), semiAnnual, now)).isFalse();
  }

  // ---- steps

  /** Confirms each commitment of the round; a period is let to lapse. */
  private void closeCommitments(ProcessInstance round) {
    for (ProcessInstance followUp : engine.getRuntimeService().createProcessInstanceQuery()
        .processDefinitionKey("commitment-tracking").superProcessInstanceId(round.getId()).list()) {
      String secretary = "CN".equals(engine.getRuntimeService().getVariable(followUp.getId(), "ownerSide")) ? "cn-secretary" : "us-secretary";
      boolean hasPeriod = (Boolean) engine.getRuntimeService().getVariable(followUp.getId(), "hasPeriod");
      fireIn(followUp, "TimerEvent_ReminderDateReached");
      workIn(followUp, "Task_ConfirmImplementation", secretary,
          vars("implementation", "Done", "instrument", "Executive Order 14298", "effectiveAt", START + "T04:01:00Z"));
      if (hasPeriod) {
        fireIn(followUp, "TimerEvent_PeriodReviewDateReached");
        workIn(followUp, "Task_ReviewPeriod", secretary, vars("periodDecision", "LET_LAPSE"));
        fireIn(followUp, "TimerEvent_PeriodEnds");
      }
    }
  }

  private void fireIn(ProcessInstance instance, String timerActivity) {
    engine.getManagementService().executeJob(engine.getManagementService().createJobQuery()
        .processInstanceId(instance.getId()).activityId(timerActivity).timers().singleResult().getId());
  }

  private void workIn(ProcessInstance instance, String taskKey, String user, Map<String, Object> variables) {
    String id = engine.getTaskService().createTaskQuery().processInstanceId(instance.getId()).taskDefinitionKey(taskKey).singleResult().getId();
    driver.as(user, () -> {
      engine.getTaskService().complete(id, variables);
      return null;
    });
  }

  private ProcessInstance driveTo(WaitingState state) {
    if (state == WaitingState.ANSWER || state == WaitingState.ESCALATION) {
      ProcessInstance round = driver.request("us-secretary", vars("requestingSide", "US", "reason", "Investment screening"));
      if (state == WaitingState.ESCALATION) {
        driver.fireTimer(round, TIMER_RESPONSE_WINDOW);
      }
      return round;
    }
    Map<String, Object> start = regularRound("PRINCIPAL");
    start.put("leadersEndorsementRequired", true);
    ProcessInstance round = driver.convene("us-secretary", start);
    if (state == WaitingState.ARRANGEMENTS) {
      return round;
    }
    driver.complete(round, TASK_PROPOSE_ARRANGEMENTS, "us-secretary", arrangements("US", "Washington"));
    if (state == WaitingState.CONFIRMATION) {
      return round;
    }
    driver.complete(round, TASK_CONFIRM_ARRANGEMENTS, "cn-secretary", vars("arrangementsDecision", "AGREE"));
    if (state == WaitingState.AGENDA) {
      return round;
    }
    prepareAgendaProposals(round);
    if (state == WaitingState.FINAL_AGENDA) {
      return round;
    }
    driver.complete(round, TASK_FINALISE_AGENDA, "us-secretary", vars("agenda", "Tariffs\nExport controls"));
    if (state == WaitingState.SESSION) {
      return round;
    }
    recordSession(round, "SEPARATE_READOUTS", null, false);
    if (state == WaitingState.APPROVAL) {
      return round;
    }
    approve(round, "APPROVE", "APPROVE");
    if (state == WaitingState.ENDORSEMENT) {
      return round;
    }
    driver.complete(round, TASK_RECORD_ENDORSEMENT_US, "us-secretary", vars("endorsement", "ENDORSED"));
    driver.complete(round, TASK_RECORD_ENDORSEMENT_CN, "cn-secretary", vars("endorsement", "ENDORSED"));
    driver.runJobs(round);
    return round;
  }

  private ProcessInstance preparedRound(String secretary, String level) {
    return preparedRound(secretary, regularRound(level));
  }

  private ProcessInstance preparedRound(String secretary, Map<String, Object> start) {
    ProcessInstance round = driver.convene(secretary, start);
    String side = secretary.substring(0, 2).toUpperCase();
    driver.complete(round, TASK_PROPOSE_ARRANGEMENTS, secretary, arrangements(side, side.equals("US") ? "Washington" : "Beijing"));
    driver.complete(round, TASK_CONFIRM_ARRANGEMENTS, side.equals("US") ? "cn-secretary" : "us-secretary",
        vars("arrangementsDecision", "AGREE"));
    prepareAgenda(round, secretary);
    return round;
  }

  private void agreeArrangements(ProcessInstance round, String host, String venue) {
    driver.complete(round, TASK_PROPOSE_ARRANGEMENTS, "us-secretary", arrangements(host, venue));
    driver.complete(round, TASK_CONFIRM_ARRANGEMENTS, "cn-secretary", vars("arrangementsDecision", "AGREE"));
  }

  private static Map<String, Object> arrangements(String host, String venue) {
    return vars("host", host, "venue", venue, "startDate", START.toString(), "endDate", START.plusDays(1).toString());
  }

  private void prepareAgenda(ProcessInstance round) {
    prepareAgenda(round, driver.conveningSecretary(round));
  }

  private void prepareAgenda(ProcessInstance round, String finaliser) {
    prepareAgendaProposals(round);
    driver.complete(round, TASK_FINALISE_AGENDA, finaliser, vars("agenda", "Tariffs\nExport controls"));
  }

  private void prepareAgendaProposals(ProcessInstance round) {
    driver.complete(round, TASK_PROPOSE_AGENDA_US, "us-secretary",
        vars("topics", "[\"TARIFFS\",\"EXPORT_CONTROLS\"]", "delegation", "Treasury Secretary\nU.S. Trade Representative"));
    driver.complete(round, TASK_PROPOSE_AGENDA_CN, "cn-secretary",
        vars("topics", List.of("TARIFFS"), "delegation", "Vice Premier\nVice Minister of Commerce"));
    driver.runJobs(round);
    assertThat(round).isWaitingAt(TASK_FINALISE_AGENDA);
  }

  private void recordSession(ProcessInstance round, String outcomeForm, String commitments, boolean anotherSession) {
    driver.complete(round, TASK_RECORD_SESSION, driver.conveningSecretary(round), vars(
        "itemOutcomes", "Tariffs | AGREED\nExport controls | DEFERRED",
        "outcomeForm", outcomeForm, "commitments", commitments, "anotherSession", anotherSession));
  }

  private void approve(ProcessInstance round, String us, String cn) {
    driver.complete(round, TASK_APPROVE_OUTCOME_US, "us-colead",
        vars("approval", us, "rejectionReason", us.equals("REJECT") ? "Not enough on market access" : null));
    driver.complete(round, TASK_APPROVE_OUTCOME_CN, "cn-colead",
        vars("approval", cn, "rejectionReason", cn.equals("REJECT") ? "需进一步磋商" : null));
    driver.runJobs(round);
  }
}
