package org.tradeconsult.mechanism.round;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.http.HttpResponse;
import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.tradeconsult.mechanism.support.Http;
import org.tradeconsult.mechanism.support.RoundDriver;
import org.tradeconsult.mechanism.support.ServiceTest;

/** {@code /api/v1/rounds/{id}} and its cancellation, over HTTP. */
@ServiceTest
class RoundApiTest {

  @LocalServerPort int port;
  @Autowired ProcessEngine engine;
  @Autowired RoundService rounds;
  @Autowired RoundCommandService commands;
  @Autowired ObjectMapper json;
  Http http;
  RoundDriver driver;

  @BeforeEach
  void setUp() {
    http = new Http(port);
    driver = new RoundDriver(engine, rounds, commands);
  }

  @Test
  void anObserverReadsARoundWithItsStatusHistoryAndOpenTasks() throws Exception {
    ProcessInstance round = driver.convene("us-secretary", RoundDriver.regularRound("DEPUTY"));

    HttpResponse<String> response = http.get("/api/v1/rounds/" + round.getBusinessKey(), "observer");

    assertThat(response.statusCode()).isEqualTo(200);
    JsonNode body = json.readTree(response.body());
    assertThat(body.path("round").path("status").asText()).isEqualTo("PREPARING");
    assertThat(body.path("round").path("level").asText()).isEqualTo("DEPUTY");
    assertThat(body.path("statusHistory").get(0).path("changedBy").asText()).isEqualTo("us-secretary");
    assertThat(body.path("openTasks").get(0).asText()).isEqualTo(RoundProcess.TASK_PROPOSE_ARRANGEMENTS);
    assertThat(http.get("/api/v1/rounds/" + round.getBusinessKey(), null).statusCode()).isEqualTo(401);
    assertThat(http.get("/api/v1/rounds/R-00000000-NOPE", "observer").statusCode()).isEqualTo(404);
  }

  @Test
  void aSecretariatCancelsARoundOnceAndTheCancellationIsCreditedToIt() throws Exception {
    ProcessInstance round = driver.convene("us-secretary", RoundDriver.regularRound("WORKING"));
    String path = "/api/v1/rounds/" + round.getBusinessKey() + "/cancel";

    HttpResponse<String> noReason = http.postJson(path, "cn-secretary", "{}");
    HttpResponse<String> byObserver = http.postJson(path, "observer", "{\"reason\":\"x\"}");
    HttpResponse<String> cancelled = http.postJson(path, "cn-secretary", "{\"reason\":\"Overtaken by events\"}");
    HttpResponse<String> again = http.postJson(path, "cn-secretary", "{\"reason\":\"Once more\"}");

    assertThat(noReason.statusCode()).isEqualTo(400);
    assertThat(json.readTree(noReason.body()).path("field").asText()).isEqualTo("reason");
    assertThat(byObserver.statusCode()).isEqualTo(403);
    assertThat(cancelled.statusCode()).isEqualTo(200);
    assertThat(json.readTree(cancelled.body()).path("round").path("status").asText()).isEqualTo("CANCELLED");
    assertThat(again.statusCode()).isEqualTo(409);
    assertThat(again.headers().firstValue("Content-Type")).hasValue("application/problem+json");
    StatusChange last = rounds.statusHistory(round.getBusinessKey()).get(rounds.statusHistory(round.getBusinessKey()).size() - 1);
    assertThat(last.status()).isEqualTo(RoundStatus.CANCELLED);
    assertThat(last.changedBy()).isEqualTo("cn-secretary");
  }
}
