package org.tradeconsult.mechanism.statement;

import static org.assertj.core.api.Assertions.assertThat;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.assertThat;
import static org.tradeconsult.mechanism.support.RoundDriver.vars;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Date;
import java.util.List;
import java.util.Map;
import org.camunda.bpm.engine.ManagementService;
import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.runtime.Job;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.tradeconsult.mechanism.audit.AuditEvent;
import org.tradeconsult.mechanism.audit.AuditLog;
import org.tradeconsult.mechanism.round.RoundCommandService;
import org.tradeconsult.mechanism.round.RoundService;
import org.tradeconsult.mechanism.support.Http;
import org.tradeconsult.mechanism.support.RoundDriver;
import org.tradeconsult.mechanism.support.ServiceTest;
import org.tradeconsult.mechanism.support.StatementDriver;

/**
 * The release of a joint statement is a guarded act, whatever variables or jobs come its way: not
 * before the recorded instant (the timer is set again), never for texts other than those both
 * co-leads signed, once only; the instant and the decisions come from the statement record, and
 * each process instance touches only its own statement.
 */
@ServiceTest
class ReleaseGuardTest {

  @LocalServerPort int port;
  @Autowired org.tradeconsult.mechanism.identity.CurrentUserService users;
  @Autowired ProcessEngine engine;
  @Autowired RoundService rounds;
  @Autowired RoundCommandService roundCommands;
  @Autowired StatementService statementService;
  @Autowired StatementCommandService statementCommands;
  @Autowired AuditLog auditLog;
  @Autowired JdbcClient jdbc;
  @Autowired Clock clock;
  RoundDriver driver;
  StatementDriver statements;
  ManagementService management;
  Http http;

  @BeforeEach
  void setUp() {
    BpmnAwareTests.init(engine);
    driver = new RoundDriver(engine, rounds, roundCommands);
    statements = new StatementDriver(engine, driver);
    management = engine.getManagementService();
    http = new Http(port);
  }

  @Test
  void aReleaseTimerExecutedBeforeItsInstantPublishesNothingAndWaitsAgainForTheRecordedInstant() {
    ProcessInstance round = roundAtItsJointStatement();
    Instant releaseAt = clock.instant().plus(2, ChronoUnit.HOURS).truncatedTo(ChronoUnit.SECONDS);
    ProcessInstance statement = statements.scheduleRelease(round, "us-secretary", releaseAt);
    String id = statementService.idOfProcess(statement.getId());

    // the job executed by hand two hours early (no authentication: as the service would)
    Job timer = statements.releaseTimer(statement);
    management.executeJob(timer.getId());

    assertNotPublished(id);
    assertThat(statement).isWaitingAt("Gateway_AwaitRelease").hasPassed("Gateway_InstantReached", "Task_RefuseEarlyRelease");
    Job rearmed = statements.releaseTimer(statement);
    assertThat(rearmed.getId()).as("a new timer").isNotEqualTo(timer.getId());
    assertThat(rearmed.getDuedate().toInstant()).as("due at the recorded instant").isEqualTo(releaseAt);
    assertThat(refusedEarly(id)).hasSize(1).first().extracting(AuditEvent::actor).isEqualTo(AuditLog.SYSTEM);

    // its due date moved into the past, then executed
    management.setJobDuedate(rearmed.getId(), Date.from(clock.instant().minus(1, ChronoUnit.MINUTES)));
    management.executeJob(rearmed.getId());

    assertNotPublished(id);
    assertThat(statements.releaseTimer(statement).getDuedate().toInstant()).isEqualTo(releaseAt);
    assertThat(refusedEarly(id)).hasSize(2);
    assertThat(statementService.find(id).orElseThrow().status()).isEqualTo(StatementStatus.SCHEDULED);

    // the instant comes (moved near by a change both sides agree, so the test need not wait two hours): released, once
    Instant moved = StatementDriver.soon();
    driver.as("cn-secretary", () -> {
      statementCommands.proposeChange(id, moved, false);
      return null;
    });
    statements.complete(statement, "Task_AgreeReleaseChange", "us-secretary", vars("changeDecision", "AGREE"));
    assertThat(statements.releaseTimer(statement).getDuedate().toInstant()).isEqualTo(moved);
    statements.fireRelease(statement);

    assertThat(statement).isEnded().hasPassed("EndEvent_StatementReleased");
    assertThat(http.get("/api/v1/statements/" + id, null).statusCode()).isEqualTo(200);
    Statement released = statementService.find(id).orElseThrow();
    assertThat(released.status()).isEqualTo(StatementStatus.RELEASED);
    assertThat(released.releasedAt().toInstant()).isAfterOrEqualTo(moved);
    assertThat(statementService.release(id)).as("a second attempt").isEqualTo(StatementService.ReleaseOutcome.ALREADY_RELEASED);
    assertThat(statementService.find(id).orElseThrow().releasedAt()).isEqualTo(released.releasedAt());
    assertThat(auditLog.eventsFor("statement", id)).filteredOn(e -> e.action().equals("STATEMENT_RELEASED")).hasSize(1);
  }

  @Test
  void textsChangedInTheTableAfterBothSignOffsAreNeverPublishedAndGoBackToRevision() {
    ProcessInstance round = roundAtItsJointStatement();
    ProcessInstance statement = statements.scheduleReleaseSoon(round, "us-secretary");
    String id = statementService.idOfProcess(statement.getId());
    String tampered = StatementDriver.englishOf(round) + " And one more commitment nobody signed.";
    // changed behind the process's back, digest column included
    jdbc.sql("update statement set text_en = :en, digest = :digest where id = :id")
        .param("en", tampered).param("digest", StatementDigest.of(tampered, StatementDriver.chineseOf(round))).param("id", id)
        .update();

    statements.fireRelease(statement);

    assertNotPublished(id);
    assertThat(http.get("/api/v1/statements?size=200", null).body()).doesNotContain(tampered);
    assertThat(statement).hasPassed("BoundaryEvent_TextsChangedAfterSignOff", "Task_NoteRevision")
        .isWaitingAt("Task_DraftEnglishText", "Task_DraftChineseText");
    assertThat(statementService.find(id).orElseThrow().status()).isEqualTo(StatementStatus.DRAFTING);
    assertThat(statementService.signOffs(id)).as("both co-leads must sign again").allMatch(SignOff::isVoid);
    assertThat(auditLog.eventsFor("statement", id)).extracting(AuditEvent::action)
        .contains("RELEASE_REFUSED_TEXTS_CHANGED").doesNotContain("STATEMENT_RELEASED");
    assertThat(management.createJobQuery().processInstanceId(statement.getId()).timers().count()).isZero();
  }

  @Test
  void aReviewerAgreeingAChangeCannotSubstituteItsOwnInstantOrCancellation() {
    ProcessInstance round = roundAtItsJointStatement();
    ProcessInstance statement = statements.scheduleRelease(round, "us-secretary", clock.instant().plus(1, ChronoUnit.DAYS));
    String id = statementService.idOfProcess(statement.getId());
    Instant proposed = clock.instant().plus(3, ChronoUnit.DAYS).truncatedTo(ChronoUnit.SECONDS);
    driver.as("cn-secretary", () -> {
      statementCommands.proposeChange(id, proposed, false);
      return null;
    });
    String task = engine.getTaskService().createTaskQuery().processInstanceId(statement.getId())
        .taskDefinitionKey("Task_AgreeReleaseChange").singleResult().getId();
    assertThat(engine.getTaskService().getVariable(task, "proposedReleaseAt")).as("the form shows the recorded proposal")
        .isEqualTo(proposed.toString());

    Instant substitute = clock.instant().plus(10, ChronoUnit.MINUTES).truncatedTo(ChronoUnit.SECONDS);
    completePastTheGuard(statement, "Task_AgreeReleaseChange", "us-secretary", vars("changeDecision", "AGREE",
        "proposedReleaseAt", substitute.toString(), "releaseAt", substitute.toString(), "cancelRelease", true));

    assertThat(statement).isWaitingAt("Gateway_AwaitRelease").hasNotPassed("EndEvent_ReleaseCancelled");
    assertThat(statementService.find(id).orElseThrow().releaseAt().toInstant()).isEqualTo(proposed);
    assertThat(statements.releaseTimer(statement).getDuedate().toInstant()).isEqualTo(proposed);
    assertThat(auditLog.eventsFor("statement", id)).filteredOn(e -> e.action().equals("RELEASE_MOVED"))
        .extracting(AuditEvent::actor, AuditEvent::details).containsExactly(org.assertj.core.groups.Tuple.tuple("us-secretary", proposed.toString()));
  }

  @Test
  void aDeclinedChangeStaysDeclinedWhateverTheReviewerSends() {
    ProcessInstance round = roundAtItsJointStatement();
    Instant agreed = clock.instant().plus(1, ChronoUnit.DAYS).truncatedTo(ChronoUnit.SECONDS);
    ProcessInstance statement = statements.scheduleRelease(round, "us-secretary", agreed);
    driver.as("us-secretary", () -> {
      statementCommands.proposeChange(statementService.idOfProcess(statement.getId()), null, true);
      return null;
    });

    completePastTheGuard(statement, "Task_AgreeReleaseChange", "cn-secretary",
        vars("changeDecision", "DECLINE", "cancelRelease", true, "releaseAt", clock.instant().plusSeconds(60).toString()));

    assertThat(statement).isWaitingAt("Gateway_AwaitRelease").hasNotPassed("EndEvent_ReleaseCancelled");
    assertThat(statements.releaseTimer(statement).getDuedate().toInstant()).isEqualTo(agreed);
  }

  @Test
  void aDraftingCompletionNamingAnotherRoundsStatementChangesOnlyItsOwn() {
    ProcessInstance other = statements.statementOf(roundAtItsJointStatement());
    String otherId = statementService.idOfProcess(other.getId());
    statements.draft(other, StatementDriver.EN, StatementDriver.ZH);
    ProcessInstance statement = statements.statementOf(roundAtItsJointStatement());
    String id = statementService.idOfProcess(statement.getId());
    assertThat(id).isNotEqualTo(otherId);

    completePastTheGuard(statement, "Task_DraftEnglishText", "us-secretary",
        vars("textEn", "Overwritten by another round", "statementId", otherId));

    assertThat(statementService.find(otherId).orElseThrow().textEn()).isEqualTo(StatementDriver.EN);
    assertThat(statementService.find(id).orElseThrow().textEn()).isEqualTo("Overwritten by another round");
    assertThat(auditLog.eventsFor("statement", otherId)).filteredOn(e -> e.action().equals("TEXT_EN_SAVED")).hasSize(1);
  }

  @Test
  void reviewDecisionsSentAsVariablesDoNotPassTheReviewGateway() {
    ProcessInstance statement = statements.statementOf(roundAtItsJointStatement());
    statements.draft(statement, StatementDriver.EN, StatementDriver.ZH);

    completePastTheGuard(statement, "Task_ReviewEnglishText", "cn-secretary",
        vars("reviewDecision", "REVISE", "reviewComment", "Use 'Parties'", "reviewOfEnglish", "ACCEPT", "reviewOfChinese", "ACCEPT"));
    completePastTheGuard(statement, "Task_ReviewChineseText", "us-secretary",
        vars("reviewDecision", "ACCEPT", "reviewOfEnglish", "ACCEPT", "signedByBoth", true));
    statements.runJobs(statement);

    assertThat(statement).hasPassed("Task_NoteRevision").hasNotPassed("Task_ScheduleRelease")
        .isWaitingAt("Task_DraftEnglishText", "Task_DraftChineseText");
  }

  /**
   * The answer guard refuses these variables from a person (400, nothing changed); the process
   * must follow its record even when they get past it (defence in depth): completed again as
   * the same user with the guard stepped aside.
   */
  private void completePastTheGuard(ProcessInstance statement, String taskKey, String user, Map<String, Object> variables) {
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> statements.complete(statement, taskKey, user, variables))
        .isInstanceOf(org.tradeconsult.mechanism.validation.InvalidInputException.class);
    users.checkedByService(() -> {
      statements.complete(statement, taskKey, user, variables);
      return null;
    });
  }

  private void assertNotPublished(String id) {
    assertThat(http.get("/api/v1/statements/" + id, null).statusCode()).isEqualTo(404);
    assertThat(http.get("/api/v1/statements?size=200", null).body()).doesNotContain(id);
    Statement row = statementService.find(id).orElseThrow();
    assertThat(row.status()).isNotEqualTo(StatementStatus.RELEASED);
    assertThat(row.releasedAt()).isNull();
  }

  private List<AuditEvent> refusedEarly(String id) {
    return auditLog.eventsFor("statement", id).stream().filter(e -> e.action().equals("RELEASE_REFUSED_EARLY")).toList();
  }

  private ProcessInstance roundAtItsJointStatement() {
    return statements.roundAtItsJointStatement(round -> {
      driver.runJobs(round);
      return null;
    });
  }
}
