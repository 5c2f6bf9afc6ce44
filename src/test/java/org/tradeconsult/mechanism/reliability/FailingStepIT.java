package org.tradeconsult.mechanism.reliability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.tradeconsult.mechanism.round.RoundProcess.*;
import static org.tradeconsult.mechanism.support.RoundDriver.vars;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpRequest;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import org.camunda.bpm.engine.ManagementService;
import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.impl.util.ClockUtil;
import org.camunda.bpm.engine.runtime.Job;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.tradeconsult.mechanism.round.RoundCommandService;
import org.tradeconsult.mechanism.round.RoundService;
import org.tradeconsult.mechanism.round.RoundStatus;
import org.tradeconsult.mechanism.support.EngineRest;
import org.tradeconsult.mechanism.support.Http;
import org.tradeconsult.mechanism.support.RoundDriver;
import org.tradeconsult.mechanism.support.ServiceTest;

/**
 * A step that fails is retried on the configured cycle ({@code camunda:failedJobRetryTimeCycle}
 * R3/PT5M on the job in front of {@code Task_TallyApprovals}), then raises an incident that
 * Cockpit shows ({@code /engine-rest/incident}); once the cause is fixed, Cockpit's "retry"
 * ({@code PUT /engine-rest/job/{id}/retries}) completes the round. The fault is a real one: the
 * database refuses the status row the step writes (a check constraint an operator added by
 * mistake). The job executor is off here; the test runs the job whenever it is due, moving the
 * engine's clock instead of waiting five minutes.
 */
@ServiceTest
class FailingStepIT {

  static final String FAULT = "reliability_fault_no_outcome";
  static final Duration CYCLE = Duration.ofMinutes(5);

  @Autowired ProcessEngine engine;
  @Autowired RoundService rounds;
  @Autowired RoundCommandService commands;
  @Autowired JdbcClient jdbc;
  @LocalServerPort int port;

  @AfterEach
  void resetClockAndFault() {
    ClockUtil.reset();
    jdbc.sql("alter table round_status_change drop constraint if exists " + FAULT).update();
  }

  @Test
  void aFailingStepIsRetriedOnItsCycleThenRaisesAnIncidentAndCompletesTheRoundOnceRetriedAfterTheFix() {
    RoundDriver driver = new RoundDriver(engine, rounds, commands);
    ManagementService management = engine.getManagementService();
    Http http = new Http(port);
    ProcessInstance round = driver.roundAwaitingApproval();
    Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
    ClockUtil.setCurrentTime(Date.from(now));

    jdbc.sql("alter table round_status_change add constraint " + FAULT + " check (status <> 'COMMUNICATING_OUTCOME')").update();
    driver.complete(round, TASK_APPROVE_OUTCOME_US, "us-colead", vars("approval", "APPROVE"));
    driver.complete(round, TASK_APPROVE_OUTCOME_CN, "cn-colead", vars("approval", "APPROVE"));

    // the join runs as jobs; the one that goes on to tally and communicate the outcome fails
    Job failing = null;
    for (Job job : management.createJobQuery().processInstanceId(round.getId()).activityId(GATEWAY_APPROVAL_JOIN).list()) {
      try {
        management.executeJob(job.getId());
      } catch (RuntimeException expected) {
        failing = job;
      }
    }
    assertThat(failing).as("a failing job").isNotNull();
    String jobId = failing.getId();

    List<String> attempts = new ArrayList<>();
    Instant clock = now;
    for (int attempt = 1; ; attempt++) {
      Job job = management.createJobQuery().jobId(jobId).singleResult();
      attempts.add("attempt " + attempt + " failed at +" + Duration.between(now, clock).toMinutes() + " min, retries left " + job.getRetries()
          + (job.getRetries() > 0 ? ", next at +" + Duration.between(now, job.getDuedate().toInstant()).toMinutes() + " min" : ""));
      assertThat(management.getJobExceptionStacktrace(jobId)).as("the cause is recorded").containsIgnoringCase(FAULT);
      if (job.getRetries() == 0) {
        break;
      }
      assertThat(job.getDuedate().toInstant()).as("retried after the cycle's 5 minutes").isEqualTo(clock.plus(CYCLE));
      assertThat(management.createJobQuery().jobId(jobId).executable().count()).as("not before it is due").isZero();
      clock = job.getDuedate().toInstant();
      ClockUtil.setCurrentTime(Date.from(clock));
      assertThat(management.createJobQuery().jobId(jobId).executable().count()).isEqualTo(1);
      assertThatThrownBy(() -> management.executeJob(jobId)).isInstanceOf(RuntimeException.class);
      assertThat(attempt).as("R3: three attempts").isLessThan(3);
    }
    System.out.println("[failing-step] " + String.join("; ", attempts));
    assertThat(attempts).hasSize(3);

    // the incident, as Cockpit shows it
    JsonNode incidents = EngineRest.read(http.get("/engine-rest/incident?processInstanceId=" + round.getId(), "admin"));
    assertThat(incidents).hasSize(1);
    assertThat(incidents.get(0).path("incidentType").asText()).isEqualTo("failedJob");
    assertThat(incidents.get(0).path("activityId").asText()).isEqualTo(GATEWAY_APPROVAL_JOIN);
    assertThat(incidents.get(0).path("configuration").asText()).isEqualTo(jobId);
    assertThat(driver.status(round)).as("nothing of the failed step was kept").isEqualTo(RoundStatus.AWAITING_CO_LEAD_APPROVAL);

    // the operator removes the cause and retries the job, as Cockpit's retry button does
    jdbc.sql("alter table round_status_change drop constraint " + FAULT).update();
    int retried = http.send(http.request("/engine-rest/job/" + jobId + "/retries", "admin")
        .header("Content-Type", "application/json").PUT(HttpRequest.BodyPublishers.ofString("{\"retries\": 1}")).build()).statusCode();
    assertThat(retried).isEqualTo(204);
    assertThat(EngineRest.read(http.get("/engine-rest/incident?processInstanceId=" + round.getId(), "admin"))).isEmpty();
    management.executeJob(jobId);
    ClockUtil.reset();
    assertThat(driver.status(round)).isEqualTo(RoundStatus.COMMUNICATING_OUTCOME);

    driver.complete(round, TASK_PUBLISH_READOUT_US, "us-secretary", vars("readoutText", "Readout of the U.S. side", "publishedAt", Instant.now().toString()));
    driver.complete(round, TASK_PUBLISH_READOUT_CN, "cn-secretary", vars("readoutText", "中方新闻稿", "publishedAt", Instant.now().toString()));
    driver.runJobs(round);
    assertThat(driver.status(round)).isEqualTo(RoundStatus.CONCLUDED);
    assertThat(engine.getHistoryService().createHistoricActivityInstanceQuery().processInstanceId(round.getId())
        .activityId("Task_TallyApprovals").count()).as("the step ran once to completion").isEqualTo(1);
    assertThat(management.createJobQuery().processInstanceId(round.getId()).count()).isZero();
  }
}
