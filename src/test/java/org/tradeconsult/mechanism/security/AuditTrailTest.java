package org.tradeconsult.mechanism.security;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Clock;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Map;
import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.batch.Batch;
import org.camunda.bpm.engine.history.HistoricProcessInstance;
import org.camunda.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl;
import org.camunda.bpm.engine.runtime.Job;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.tradeconsult.mechanism.round.RoundCommandService;
import org.tradeconsult.mechanism.round.RoundService;
import org.tradeconsult.mechanism.support.Http;
import org.tradeconsult.mechanism.support.RoundDriver;
import org.tradeconsult.mechanism.support.ServiceTest;
import org.tradeconsult.mechanism.support.StatementDriver;

/**
 * Who approved, signed and released what, and when: {@code GET /api/v1/rounds/{id}/audit}, and
 * the audit trail outlives Camunda's history cleanup, which is configured with a nightly batch
 * window and removes process history once its time to live has passed.
 */
@ServiceTest
class AuditTrailTest {

  private static final Logger log = LoggerFactory.getLogger(AuditTrailTest.class);

  @LocalServerPort int port;
  @Autowired ProcessEngine engine;
  @Autowired RoundService rounds;
  @Autowired RoundCommandService roundCommands;
  @Autowired JdbcClient jdbc;
  @Autowired ObjectMapper json;
  @Autowired Clock clock;

  @Test
  void theAuditTrailOfAReleasedRoundNamesWhoApprovedSignedAndReleasedOldestFirst() throws Exception {
    Http http = new Http(port);
    String roundId = releasedRound().getBusinessKey();

    JsonNode trail = json.readTree(http.get("/api/v1/rounds/" + roundId + "/audit", "observer").body());
    List<String> whoDidWhat = new ArrayList<>();
    trail.path("items").forEach(e -> whoDidWhat.add(e.path("actor").asText() + " " + e.path("action").asText()));

    assertThat(whoDidWhat).containsSubsequence(
        "us-secretary ROUND_CONVENED", "cn-secretary ARRANGEMENTS_AGREED", "us-secretary SESSION_RECORDED",
        "us-colead OUTCOME_APPROVED", "cn-colead OUTCOME_APPROVED", "system OUTCOME_AGREED",
        "us-secretary TEXT_EN_SAVED", "cn-secretary TEXT_ZH_SAVED", "us-secretary RELEASE_SCHEDULED",
        "us-colead STATEMENT_SIGNED", "cn-colead STATEMENT_SIGNED", "system STATEMENT_RELEASED");
    List<Long> ids = new ArrayList<>();
    trail.path("items").forEach(e -> ids.add(e.path("id").asLong()));
    assertThat(ids).isSorted();
    assertThat(trail.path("total").asLong()).isEqualTo(whoDidWhat.size());
    assertThat(trail.path("items")).filteredOn(e -> e.path("subjectType").asText().equals("statement"))
        .as("statement details withheld from an observer").allMatch(e -> e.path("details").isNull());
    JsonNode forSecretary = json.readTree(http.get("/api/v1/rounds/" + roundId + "/audit", "cn-secretary").body());
    assertThat(forSecretary.path("items")).filteredOn(e -> e.path("action").asText().equals("STATEMENT_SIGNED"))
        .allMatch(e -> e.path("details").asText().contains("digest"));

    JsonNode page = json.readTree(http.get("/api/v1/rounds/" + roundId + "/audit?page=1&size=2", "us-colead").body());
    assertThat(page.path("items")).hasSize(2);
    assertThat(page.path("items").get(0).path("id").asLong()).isEqualTo(ids.get(2));
    var unknown = http.get("/api/v1/rounds/R-00000000-NOPE/audit", "observer");
    assertThat(unknown.statusCode()).isEqualTo(404);
    assertThat(unknown.body()).contains("round-not-found");
    var tooBig = http.get("/api/v1/rounds/" + roundId + "/audit?size=501", "observer");
    assertThat(tooBig.statusCode()).isEqualTo(400);
    assertThat(json.readTree(tooBig.body()).path("field").asText()).isEqualTo("size");
    assertThat(http.get("/api/v1/rounds/" + roundId + "/audit", null).statusCode()).isEqualTo(401);
    log.info("SECURITY audit trail: {} events for round {}", whoDidWhat.size(), roundId);
  }

  @Test
  void historyCleanupRunsInItsWindowAndRemovesExpiredProcessHistoryButNeverTheAuditTrail() {
    ProcessEngineConfigurationImpl configuration = (ProcessEngineConfigurationImpl) engine.getProcessEngineConfiguration();
    assertThat(configuration.getHistoryCleanupBatchWindowStartTime()).isEqualTo("01:00");
    assertThat(configuration.getHistoryCleanupBatchWindowEndTime()).isEqualTo("04:00");
    assertThat(configuration.getHistoryCleanupStrategy()).isEqualTo("removalTimeBased");
    Map<String, Integer> timeToLive = new java.util.TreeMap<>();
    engine.getRepositoryService().createProcessDefinitionQuery().latestVersion().list()
        .forEach(d -> timeToLive.put(d.getKey(), d.getHistoryTimeToLive()));
    assertThat(timeToLive).containsEntry("consultation-round", 3650).containsEntry("joint-statement", 3650)
        .containsEntry("commitment-tracking", 3650).containsEntry("regular-round-schedule", 30);

    ProcessInstance round = releasedRound();
    HistoricProcessInstance history = engine.getHistoryService().createHistoricProcessInstanceQuery()
        .processInstanceId(round.getId()).singleResult();
    assertThat(history.getEndTime()).as("the round has ended").isNotNull();
    assertThat(Duration.between(history.getEndTime().toInstant(), history.getRemovalTime().toInstant()).toDays())
        .as("removal time = end + time to live").isEqualTo(3650);
    long auditBefore = auditEventsOf(round.getBusinessKey());

    // ten years on, for this round only: its removal time is moved into the past, then the cleanup runs
    Batch batch = engine.getHistoryService().setRemovalTimeToHistoricProcessInstances()
        .absoluteRemovalTime(Date.from(clock.instant().minus(1, ChronoUnit.DAYS)))
        .byIds(round.getId()).hierarchical().executeAsync();
    runBatch(batch);
    Job cleanup = engine.getHistoryService().cleanUpHistoryAsync(true);
    engine.getManagementService().executeJob(cleanup.getId());

    assertThat(engine.getHistoryService().createHistoricProcessInstanceQuery().processInstanceId(round.getId()).count())
        .as("process history removed").isZero();
    assertThat(engine.getHistoryService().createHistoricActivityInstanceQuery().processInstanceId(round.getId()).count()).isZero();
    assertThat(auditEventsOf(round.getBusinessKey())).as("audit trail kept").isEqualTo(auditBefore).isPositive();
    assertThat(rounds.find(round.getBusinessKey())).as("our round record kept").isPresent();
    log.info("SECURITY history cleanup: round {} process history removed, {} audit events kept", round.getBusinessKey(), auditBefore);
  }

  private ProcessInstance releasedRound() {
    RoundDriver driver = new RoundDriver(engine, rounds, roundCommands);
    StatementDriver statements = new StatementDriver(engine, driver);
    ProcessInstance round = statements.roundAtItsJointStatement(r -> {
      driver.runJobs(r);
      return null;
    });
    ProcessInstance statement = statements.scheduleReleaseSoon(round, "us-secretary");
    statements.fireRelease(statement);
    driver.runJobs(round);
    return round;
  }

  private void runBatch(Batch batch) {
    var management = engine.getManagementService();
    for (String definition : List.of(batch.getSeedJobDefinitionId(), batch.getBatchJobDefinitionId(), batch.getMonitorJobDefinitionId())) {
      for (Job job : management.createJobQuery().jobDefinitionId(definition).list()) {
        management.executeJob(job.getId());
      }
    }
  }

  private long auditEventsOf(String roundId) {
    return jdbc.sql("select count(*) from audit_event where subject_id = :round or subject_id = :statement")
        .param("round", roundId).param("statement", roundId + "-JS").query(Long.class).single();
  }
}
