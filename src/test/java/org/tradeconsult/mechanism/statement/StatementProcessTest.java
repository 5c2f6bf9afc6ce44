package org.tradeconsult.mechanism.statement;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.assertThat;
import static org.tradeconsult.mechanism.support.RoundDriver.vars;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import org.camunda.bpm.engine.AuthorizationException;
import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.tradeconsult.mechanism.audit.AuditLog;
import org.tradeconsult.mechanism.round.RoundCommandService;
import org.tradeconsult.mechanism.round.RoundProcess;
import org.tradeconsult.mechanism.round.RoundService;
import org.tradeconsult.mechanism.round.RoundStatus;
import org.tradeconsult.mechanism.support.Http;
import org.tradeconsult.mechanism.support.RoundDriver;
import org.tradeconsult.mechanism.support.ServiceTest;
import org.tradeconsult.mechanism.support.StatementDriver;
import org.tradeconsult.mechanism.validation.InvalidInputException;

/**
 * Every path of {@code joint-statement}: drafting and review loops, sign-offs bound to the exact
 * texts, the embargo until one release instant, moving and cancelling the release.
 */
@ServiceTest
class StatementProcessTest {

  @LocalServerPort int port;
  @Autowired ProcessEngine engine;
  @Autowired RoundService rounds;
  @Autowired RoundCommandService roundCommands;
  @Autowired StatementService statementService;
  @Autowired StatementCommandService statementCommands;
  @Autowired ObjectMapper json;
  @Autowired Clock clock;
  @Autowired AuditLog auditLog;
  RoundDriver driver;
  StatementDriver statements;
  Http http;

  @BeforeEach
  void setUp() {
    BpmnAwareTests.init(engine);
    driver = new RoundDriver(engine, rounds, roundCommands);
    statements = new StatementDriver(engine, driver);
    http = new Http(port);
  }

  @Test
  void aSignedStatementStaysEmbargoedUntilItsInstantAndIsThenPublicInBothLanguagesWithItsDigest() throws Exception {
    ProcessInstance round = roundAtItsJointStatement();
    ProcessInstance statement = statements.scheduleReleaseSoon(round, "us-secretary");
    String id = statementId(statement);
    Instant releaseAt = statementService.find(id).orElseThrow().releaseAt().toInstant();

    assertThat(statement).isWaitingAt("Gateway_AwaitRelease");
    assertThat(statementService.find(id).orElseThrow().status()).isEqualTo(StatementStatus.SCHEDULED);
    assertThat(statements.releaseTimer(statement).getDuedate().toInstant()).isEqualTo(releaseAt);
    assertEmbargoed(id, StatementDriver.englishOf(round), StatementDriver.chineseOf(round));

    statements.fireRelease(statement);

    assertThat(statement).isEnded().hasPassed("EndEvent_StatementReleased");
    HttpResponse<String> published = http.get("/api/v1/statements/" + id, null);
    assertThat(published.statusCode()).isEqualTo(200);
    JsonNode body = json.readTree(published.body());
    assertThat(body.path("textEn").asText()).isEqualTo(StatementDriver.englishOf(round));
    assertThat(body.path("textZh").asText()).isEqualTo(StatementDriver.chineseOf(round));
    assertThat(body.path("roundId").asText()).isEqualTo(round.getBusinessKey());
    String digest = body.path("digest").asText();
    assertThat(digest).isEqualTo(StatementDigest.of(body.path("textEn").asText(), body.path("textZh").asText()));
    assertThat(statementService.signOffs(id)).filteredOn(s -> !s.isVoid())
        .extracting(SignOff::side, SignOff::digest)
        .containsExactlyInAnyOrder(org.assertj.core.groups.Tuple.tuple("US", digest), org.assertj.core.groups.Tuple.tuple("CN", digest));
    assertThat(http.get("/api/v1/statements", null).body()).contains(id);
    assertThat(http.get("/api/v1/statements/feed.atom", null).body()).contains(StatementDriver.chineseOf(round), digest);
    JsonNode followed = json.readTree(http.get("/api/v1/rounds/" + round.getBusinessKey(), "observer").body()).path("statement");
    assertThat(followed.path("status").asText()).isEqualTo("RELEASED");
    assertThat(followed.path("digest").asText()).isEqualTo(digest);
    assertThat(followed.path("publicUrl").asText()).isEqualTo("/api/v1/statements/" + id);
    driver.runJobs(round);
    assertThat(driver.status(round)).isEqualTo(RoundStatus.CONCLUDED);
    assertThat(statementService.release(id)).as("a second release changes nothing")
        .isEqualTo(StatementService.ReleaseOutcome.ALREADY_RELEASED);
    assertThat(auditLog.eventsFor("statement", id)).filteredOn(e -> e.action().equals("STATEMENT_RELEASED")).hasSize(1);
  }

  @Test
  void aReviewCanSendATextBackForRevision() {
    ProcessInstance statement = statements.statementOf(roundAtItsJointStatement());
    statements.draft(statement, StatementDriver.EN, StatementDriver.ZH);

    assertThatThrownBy(() -> statements.complete(statement, "Task_ReviewEnglishText", "cn-secretary", vars("reviewDecision", "REVISE")))
        .isInstanceOf(InvalidInputException.class).hasMessageContaining("reviewComment");
    statements.review(statement, "REVISE", "ACCEPT");

    assertThat(statement).isWaitingAt("Task_DraftEnglishText", "Task_DraftChineseText").hasPassed("Task_NoteRevision");
    assertThat(engine.getRuntimeService().getVariable(statement.getId(), "revisionNotes").toString()).contains("Parties");
    statements.draft(statement, StatementDriver.EN + " Revised.", StatementDriver.ZH);
    statements.review(statement, "ACCEPT", "ACCEPT");
    assertThat(statement).isWaitingAt("Task_ScheduleRelease");
  }

  @Test
  void aTextChangedAfterASignOffVoidsItAndBothCoLeadsSignAgain() {
    ProcessInstance round = roundAtItsJointStatement();
    ProcessInstance statement = statements.statementOf(round);
    String id = statementId(statement);
    statements.draft(statement, StatementDriver.EN, StatementDriver.ZH);
    statements.review(statement, "ACCEPT", "ACCEPT");
    statements.schedule(statement, "us-secretary", clock.instant().plus(1, ChronoUnit.DAYS));
    String firstDigest = statementService.find(id).orElseThrow().digest();

    statements.signOff(statement, "SIGN", "REVISE");
    assertThat(statement).isWaitingAt("Task_DraftEnglishText", "Task_DraftChineseText");
    statements.draft(statement, StatementDriver.EN, StatementDriver.ZH + " 修订。");
    statements.review(statement, "ACCEPT", "ACCEPT");
    statements.schedule(statement, "us-secretary", clock.instant().plus(1, ChronoUnit.DAYS));

    String secondDigest = statementService.find(id).orElseThrow().digest();
    assertThat(secondDigest).isNotEqualTo(firstDigest);
    assertThat(statementService.signOffs(id)).allMatch(SignOff::isVoid);
    statements.signOff(statement, "SIGN", "SIGN");
    assertThat(statement).isWaitingAt("Gateway_AwaitRelease").hasPassed("Task_VerifySignOffs");
    assertThat(statementService.signOffs(id)).filteredOn(s -> !s.isVoid()).extracting(SignOff::digest).containsOnly(secondDigest);
  }

  @Test
  void anAdministratorCannotSignOffForASide() {
    ProcessInstance statement = statements.statementOf(roundAtItsJointStatement());
    statements.draft(statement, StatementDriver.EN, StatementDriver.ZH);
    statements.review(statement, "ACCEPT", "ACCEPT");
    assertThatThrownBy(() -> statements.schedule(statement, "us-secretary", clock.instant().minusSeconds(60)))
        .isInstanceOf(InvalidInputException.class).hasMessageContaining("releaseAt");
    statements.schedule(statement, "us-secretary", clock.instant().plus(1, ChronoUnit.DAYS));

    assertThatThrownBy(() -> statements.complete(statement, "Task_SignOffCN", "admin", vars("signOff", "SIGN")))
        .isInstanceOf(AuthorizationException.class);
    assertThat(statement).isWaitingAt("Task_SignOffUS", "Task_SignOffCN");
  }

  @Test
  void theReleaseCanBeMovedWhenTheOtherSideAgrees() {
    ProcessInstance round = roundAtItsJointStatement();
    ProcessInstance statement = statements.scheduleRelease(round, "us-secretary", clock.instant().plus(1, ChronoUnit.DAYS));
    String id = statementId(statement);
    Instant later = StatementDriver.soon();

    driver.as("cn-secretary", () -> {
      statementCommands.proposeChange(id, later, false);
      return null;
    });
    assertThat(statement).isWaitingAt("Task_AgreeReleaseChange");
    assertThatThrownBy(() -> statements.complete(statement, "Task_AgreeReleaseChange", "cn-secretary", vars("changeDecision", "AGREE")))
        .isInstanceOf(AuthorizationException.class);
    statements.complete(statement, "Task_AgreeReleaseChange", "us-secretary", vars("changeDecision", "AGREE"));

    assertThat(statement).isWaitingAt("Gateway_AwaitRelease");
    assertThat(statements.releaseTimer(statement).getDuedate().toInstant()).isEqualTo(later);
    assertThat(statementService.find(id).orElseThrow().releaseAt().toInstant()).isEqualTo(later);
    statements.fireRelease(statement);
    assertThat(statement).isEnded().hasPassed("Task_ReleaseStatement");
  }

  @Test
  void aDeclinedChangeKeepsTheAgreedInstant() {
    ProcessInstance round = roundAtItsJointStatement();
    Instant agreed = clock.instant().plus(1, ChronoUnit.DAYS).truncatedTo(ChronoUnit.SECONDS);
    ProcessInstance statement = statements.scheduleRelease(round, "us-secretary", agreed);

    driver.as("us-secretary", () -> {
      statementCommands.proposeChange(statementId(statement), agreed.plus(1, ChronoUnit.DAYS), false);
      return null;
    });
    statements.complete(statement, "Task_AgreeReleaseChange", "cn-secretary", vars("changeDecision", "DECLINE"));

    assertThat(statement).isWaitingAt("Gateway_AwaitRelease").hasPassed("Gateway_ChangeAgreed");
    assertThat(statements.releaseTimer(statement).getDuedate().toInstant()).isEqualTo(agreed);
  }

  @Test
  void aCancelledReleaseIsNeverPublished() {
    ProcessInstance round = roundAtItsJointStatement();
    ProcessInstance statement = statements.scheduleRelease(round, "us-secretary", clock.instant().plus(1, ChronoUnit.DAYS));
    String id = statementId(statement);

    driver.as("us-secretary", () -> {
      statementCommands.proposeChange(id, null, true);
      return null;
    });
    statements.complete(statement, "Task_AgreeReleaseChange", "cn-secretary", vars("changeDecision", "AGREE"));

    assertThat(statement).isEnded().hasPassed("EndEvent_ReleaseCancelled");
    assertThat(statementService.find(id).orElseThrow().status()).isEqualTo(StatementStatus.CANCELLED);
    assertThat(http.get("/api/v1/statements/" + id, null).statusCode()).isEqualTo(404);
  }

  @Test
  void theInstantReachedWhileAChangeAwaitsAgreementReleasesAsAgreed() {
    ProcessInstance round = roundAtItsJointStatement();
    ProcessInstance statement = statements.scheduleReleaseSoon(round, "us-secretary");
    driver.as("cn-secretary", () -> {
      statementCommands.proposeChange(statementId(statement), null, true);
      return null;
    });

    statements.fireRelease(statement);

    assertThat(statement).isEnded().hasPassed("BoundaryEvent_InstantReachedDuringChange", "EndEvent_StatementReleased");
  }

  private void assertEmbargoed(String id, String textEn, String textZh) {
    assertThat(http.get("/api/v1/statements/" + id, null).statusCode()).isEqualTo(404);
    assertThat(http.get("/api/v1/statements/" + id, "observer").statusCode()).isEqualTo(404);
    assertThat(http.get("/api/v1/statements?size=200", null).body()).doesNotContain(id, textEn, textZh);
    assertThat(http.get("/api/v1/statements/feed.atom", null).body()).doesNotContain(id, textEn, textZh);
    String followed = http.get("/api/v1/rounds/" + id.replace("-JS", ""), "observer").body();
    assertThat(followed).doesNotContain(textEn, textZh).contains("\"status\":\"SCHEDULED\"");
    assertThat(engine.getHistoryService().createHistoricVariableInstanceQuery().variableNameIn("textEn", "textZh").count())
        .as("texts kept out of the engine's history").isZero();
    assertThat(engine.getHistoryService().createHistoricDetailQuery().variableUpdates().list())
        .noneMatch(d -> d instanceof org.camunda.bpm.engine.history.HistoricVariableUpdate u
            && ("textEn".equals(u.getVariableName()) || "textZh".equals(u.getVariableName())));
  }

  private ProcessInstance roundAtItsJointStatement() {
    return statements.roundAtItsJointStatement(round -> {
      driver.runJobs(round);
      return null;
    });
  }

  private String statementId(ProcessInstance statement) {
    return statementService.idOfProcess(statement.getId());
  }
}
