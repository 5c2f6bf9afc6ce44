package org.tradeconsult.mechanism.round;

import static org.assertj.core.api.Assertions.assertThat;
import static org.tradeconsult.mechanism.round.RoundApiRequests.ROUNDS;
import static org.tradeconsult.mechanism.round.RoundApiRequests.START;
import static org.tradeconsult.mechanism.round.RoundApiRequests.convene;
import static org.tradeconsult.mechanism.round.RoundApiRequests.post;
import static org.tradeconsult.mechanism.round.RoundApiRequests.request;
import static org.tradeconsult.mechanism.round.RoundProcess.*;
import static org.tradeconsult.mechanism.support.RoundDriver.vars;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.tradeconsult.mechanism.support.Http;
import org.tradeconsult.mechanism.support.RoundDriver;
import org.tradeconsult.mechanism.support.ServiceTest;

/** {@code /api/v1/rounds}: starting rounds (idempotently), reading one, cancelling it — over HTTP. */
@ServiceTest
class RoundApiTest {

  @LocalServerPort int port;
  @Autowired ProcessEngine engine;
  @Autowired RoundService rounds;
  @Autowired RoundCommandService commands;
  @Autowired JdbcClient jdbc;
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

    HttpResponse<String> response = http.get(ROUNDS + "/" + round.getBusinessKey(), "observer");

    assertThat(response.statusCode()).isEqualTo(200);
    JsonNode body = json.readTree(response.body());
    assertThat(body.path("round").path("status").asText()).isEqualTo("PREPARING");
    assertThat(body.path("round").path("level").asText()).isEqualTo("DEPUTY");
    assertThat(body.path("statusHistory").get(0).path("changedBy").asText()).isEqualTo("us-secretary");
    JsonNode task = body.path("awaited").path("tasks").get(0);
    assertThat(task.path("activityId").asText()).isEqualTo(TASK_PROPOSE_ARRANGEMENTS);
    assertThat(task.path("name").asText()).startsWith("Propose host, venue and dates");
    assertThat(task.path("sides").toString()).isEqualTo("[\"US\"]");
    assertThat(task.path("role").asText()).isEqualTo("SECRETARIAT");
    assertThat(task.path("since").asText()).isNotBlank();
    assertThat(task.path("tasklist").asText()).isEqualTo("/camunda/app/tasklist/default/#/?task=" + task.path("taskId").asText());
    assertThat(body.path("awaited").path("sides").toString()).isEqualTo("[\"US\"]");
    assertThat(body.path("links").path("cockpit").asText()).isEqualTo("/camunda/app/cockpit/default/#/process-instance/" + round.getId());
    assertThat(body.path("links").path("tasklist").asText()).contains("processInstanceBusinessKey").contains(round.getBusinessKey());
    assertThat(body.has("statement")).isTrue();
    assertThat(body.path("statement").isNull()).isTrue();
    assertThat(http.get(ROUNDS + "/" + round.getBusinessKey(), null).statusCode()).isEqualTo(401);
    assertThat(http.get(ROUNDS + "/R-00000000-NOPE", "observer").statusCode()).isEqualTo(404);
  }

  @Test
  void aSecretariatCancelsARoundOnceAndTheCancellationIsCreditedToIt() throws Exception {
    ProcessInstance round = driver.convene("us-secretary", RoundDriver.regularRound("WORKING"));
    String path = ROUNDS + "/" + round.getBusinessKey() + "/cancel";

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

  @Test
  void aSecretaryConvenesARoundForItsOwnSideAndIsItsInitiator() throws Exception {
    HttpResponse<String> response = post(http, "us-secretary", convene("Deputy round on tariffs"));

    assertThat(response.statusCode()).isEqualTo(201);
    JsonNode body = json.readTree(response.body());
    String id = body.path("round").path("id").asText();
    assertThat(id).matches("R-\\d{8}-[A-Z2-9]{6}");
    assertThat(response.headers().firstValue("Location")).hasValue("/api/v1/rounds/" + id);
    assertThat(response.headers().firstValue("Idempotent-Replayed")).hasValue("false");
    assertThat(body.path("round").path("type").asText()).isEqualTo("REGULAR");
    assertThat(body.path("round").path("conveningSide").asText()).isEqualTo("US");
    assertThat(body.path("round").path("status").asText()).isEqualTo("PREPARING");
    assertThat(body.path("round").path("startDate").asText()).isEqualTo(START.toString());
    assertThat(body.path("agenda").path("topics").toString()).isEqualTo("[\"TARIFFS\",\"EXPORT_CONTROLS\"]");

    ProcessInstance instance = instance(id);
    assertThat(body.path("processInstanceId").asText()).isEqualTo(instance.getId());
    assertThat(engine.getRuntimeService().getVariable(instance.getId(), RoundVariables.INITIATOR)).isEqualTo("us-secretary");
    assertThat(rounds.find(id).orElseThrow().createdBy()).isEqualTo("us-secretary");
    assertThat(http.get(response.headers().firstValue("Location").orElseThrow(), "cn-colead").statusCode()).isEqualTo(200);
  }

  @Test
  void aSecretaryRequestsAnAdHocRoundThatTheOtherSideMustAnswer() throws Exception {
    HttpResponse<String> response = post(http, "cn-secretary", request("CN", "Export controls on lithography"));

    assertThat(response.statusCode()).isEqualTo(201);
    JsonNode body = json.readTree(response.body());
    assertThat(body.path("round").path("type").asText()).isEqualTo("AD_HOC");
    assertThat(body.path("round").path("urgent").asBoolean()).isTrue();
    assertThat(body.path("round").path("status").asText()).isEqualTo("AWAITING_COUNTERPART");
    assertThat(body.path("awaited").path("sides").toString()).isEqualTo("[\"US\"]");
    assertThat(body.path("awaited").path("tasks").get(0).path("activityId").asText()).isEqualTo(TASK_ANSWER_AD_HOC_REQUEST);
    ProcessInstance instance = instance(body.path("round").path("id").asText());
    assertThat(engine.getRuntimeService().getVariable(instance.getId(), RoundVariables.INITIATOR)).isEqualTo("cn-secretary");
    assertThat(engine.getRuntimeService().getVariable(instance.getId(), RoundVariables.RESPONSE_WINDOW)).isEqualTo("P5D");
  }

  @Test
  void aRetryWithTheSameKeyAndBodyReturnsTheSameRoundWhateverTheFormatting() throws Exception {
    String key = UUID.randomUUID().toString();
    String title = "Idempotent " + key;

    HttpResponse<String> first = post(http, "us-secretary", convene(title), key);
    HttpResponse<String> retry = post(http, "us-secretary", convene(title), key);
    HttpResponse<String> reformatted = post(http, "us-secretary", """
        {"topics":["TARIFFS","EXPORT_CONTROLS"],"venue":"Washington","requestedHost":"US",
         "endDate":"%s","startDate":"%s","title":"%s","level":"DEPUTY","type":"REGULAR"}""".formatted(START.plusDays(1), START, title), key);

    assertThat(first.statusCode()).isEqualTo(201);
    assertThat(retry.statusCode()).isEqualTo(200);
    assertThat(reformatted.statusCode()).isEqualTo(200);
    assertThat(retry.headers().firstValue("Idempotent-Replayed")).hasValue("true");
    String id = idOf(first);
    assertThat(idOf(retry)).isEqualTo(id);
    assertThat(idOf(reformatted)).isEqualTo(id);
    assertThat(retry.headers().firstValue("Location")).hasValue("/api/v1/rounds/" + id);
    assertThat(roundsTitled(title)).isEqualTo(1);
  }

  @Test
  void theSameKeyWithAnotherBodyAnswers409AndStartsNothing() throws Exception {
    String key = UUID.randomUUID().toString();
    String title = "Conflicting " + key;
    post(http, "us-secretary", convene(title), key);

    HttpResponse<String> other = post(http, "us-secretary", convene(title + " (changed)"), key);

    assertThat(other.statusCode()).isEqualTo(409);
    JsonNode problem = json.readTree(other.body());
    assertThat(problem.path("type").asText()).isEqualTo("https://tradeconsult.org/problems/idempotency-key-reused");
    assertThat(problem.path("field").asText()).isEqualTo("Idempotency-Key");
    assertThat(roundsTitled(title + " (changed)")).isZero();
  }

  @Test
  void idempotencyKeysBelongToTheUserWhoSentThem() throws Exception {
    String key = UUID.randomUUID().toString();

    HttpResponse<String> us = post(http, "us-secretary", convene("Per-user key, U.S."), key);
    HttpResponse<String> cn = post(http, "cn-secretary", convene("Per-user key, CN"), key);

    assertThat(us.statusCode()).isEqualTo(201);
    assertThat(cn.statusCode()).isEqualTo(201);
    assertThat(idOf(cn)).isNotEqualTo(idOf(us));
    assertThat(json.readTree(cn.body()).path("round").path("conveningSide").asText()).isEqualTo("CN");
  }

  @Test
  void concurrentDuplicatesWithOneKeyStartExactlyOneRound() throws Exception {
    String key = UUID.randomUUID().toString();
    String title = "Concurrent " + key;
    int requests = 8;
    ExecutorService pool = Executors.newFixedThreadPool(requests);
    CountDownLatch go = new CountDownLatch(1);
    List<CompletableFuture<HttpResponse<String>>> answers = new ArrayList<>();
    try {
      for (int i = 0; i < requests; i++) {
        answers.add(CompletableFuture.supplyAsync(() -> {
          await(go);
          return post(http, "us-secretary", convene(title), key);
        }, pool));
      }
      go.countDown();
      List<HttpResponse<String>> responses = answers.stream().map(CompletableFuture::join).toList();

      assertThat(responses).extracting(HttpResponse::statusCode).containsOnly(200, 201).containsOnlyOnce(201);
      assertThat(responses.stream().map(this::idOf).distinct()).hasSize(1);
      assertThat(roundsTitled(title)).isEqualTo(1);
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void aRoundShowsTheAgendaTheDelegationsTheSessionsAndTheCommitmentsAsTheyComeIn() throws Exception {
    String id = idOf(post(http, "us-secretary", convene("Round with an outcome")));
    ProcessInstance round = instance(id);
    driver.complete(round, TASK_PROPOSE_ARRANGEMENTS, "us-secretary",
        vars("host", "US", "venue", "Washington", "startDate", START.toString(), "endDate", START.plusDays(1).toString()));
    driver.complete(round, TASK_CONFIRM_ARRANGEMENTS, "cn-secretary", vars("arrangementsDecision", "AGREE"));
    driver.complete(round, TASK_PROPOSE_AGENDA_US, "us-secretary",
        vars("topics", "TARIFFS", "agendaItems", "Reciprocal tariffs", "delegation", "Deputy USTR"));
    driver.complete(round, TASK_PROPOSE_AGENDA_CN, "cn-secretary",
        vars("topics", "TARIFFS,EXPORT_CONTROLS", "delegation", "Vice Minister of Commerce"));
    driver.runJobs(round);
    driver.complete(round, TASK_FINALISE_AGENDA, "us-secretary", vars("agenda", "1. Tariffs\n2. Export controls"));
    driver.complete(round, TASK_RECORD_SESSION, "us-secretary", vars("itemOutcomes", "Tariffs | AGREED",
        "outcomeForm", "SEPARATE_READOUTS", "commitments", "US | Lower tariffs on toys | 2027-01-31", "anotherSession", false));

    JsonNode body = json.readTree(http.get(ROUNDS + "/" + id, "observer").body());

    assertThat(body.path("round").path("host").asText()).isEqualTo("US");
    assertThat(body.path("round").path("status").asText()).isEqualTo("AWAITING_CO_LEAD_APPROVAL");
    assertThat(body.path("awaited").path("sides").toString()).isEqualTo("[\"CN\",\"US\"]");
    assertThat(body.path("awaited").path("tasks")).extracting(t -> t.path("activityId").asText())
        .containsExactlyInAnyOrder(TASK_APPROVE_OUTCOME_US, TASK_APPROVE_OUTCOME_CN);
    JsonNode agenda = body.path("agenda");
    assertThat(agenda.path("finalAgenda").asText()).isEqualTo("1. Tariffs\n2. Export controls");
    assertThat(agenda.path("proposals")).hasSize(2);
    assertThat(agenda.path("proposals").get(0).path("side").asText()).isEqualTo("US");
    assertThat(agenda.path("proposals").get(0).path("delegation").asText()).isEqualTo("Deputy USTR");
    assertThat(agenda.path("proposals").get(0).path("agendaItems").asText()).isEqualTo("Reciprocal tariffs");
    assertThat(agenda.path("proposals").get(1).path("delegation").asText()).isEqualTo("Vice Minister of Commerce");
    assertThat(agenda.path("proposals").get(1).path("topics").toString()).isEqualTo("[\"TARIFFS\",\"EXPORT_CONTROLS\"]");
    assertThat(body.path("outcome").path("sessionCount").asInt()).isEqualTo(1);
    assertThat(body.path("outcome").path("sessions").get(0).path("itemOutcomes").asText()).isEqualTo("Tariffs | AGREED");
    assertThat(body.path("commitments")).hasSize(1);
    assertThat(body.path("commitments").get(0).path("action").asText()).isEqualTo("Lower tariffs on toys");
    assertThat(body.path("commitments").get(0).path("status").asText()).isEqualTo("PROPOSED");

    // a co-lead, who may not read engine history, sees the same agenda
    JsonNode asCoLead = json.readTree(http.get(ROUNDS + "/" + id, "cn-colead").body());
    assertThat(asCoLead.path("agenda")).isEqualTo(agenda);
  }

  @Test
  void aReadoutShowsOnceItsPublicationInstantHasCome() throws Exception {
    String id = idOf(post(http, "us-secretary", convene("Round with readouts")));
    ProcessInstance round = instance(id);
    driver.complete(round, TASK_PROPOSE_ARRANGEMENTS, "us-secretary",
        vars("host", "CN", "venue", "Beijing", "startDate", START.toString(), "endDate", START.plusDays(1).toString()));
    driver.complete(round, TASK_CONFIRM_ARRANGEMENTS, "cn-secretary", vars("arrangementsDecision", "AGREE"));
    driver.complete(round, TASK_PROPOSE_AGENDA_US, "us-secretary", vars("topics", "TARIFFS", "delegation", "Deputy USTR"));
    driver.complete(round, TASK_PROPOSE_AGENDA_CN, "cn-secretary", vars("topics", "TARIFFS", "delegation", "Vice Minister"));
    driver.runJobs(round);
    driver.complete(round, TASK_FINALISE_AGENDA, "us-secretary", vars("agenda", "Tariffs"));
    driver.complete(round, TASK_RECORD_SESSION, "us-secretary", vars("itemOutcomes", "Tariffs | AGREED",
        "outcomeForm", "SEPARATE_READOUTS", "commitments", "CN | Resume soybean purchases | 2027-02-28", "anotherSession", false));
    driver.complete(round, TASK_APPROVE_OUTCOME_US, "us-colead", vars("approval", "APPROVE"));
    driver.complete(round, TASK_APPROVE_OUTCOME_CN, "cn-colead", vars("approval", "APPROVE"));
    driver.runJobs(round);
    Instant now = Instant.now();
    driver.complete(round, TASK_PUBLISH_READOUT_US, "us-secretary",
        vars("readoutText", "The United States and China held productive talks.", "publishedAt", now.minusSeconds(3600).toString()));
    driver.complete(round, TASK_PUBLISH_READOUT_CN, "cn-secretary",
        vars("readoutText", "中美双方进行了建设性磋商。", "publishedAt", now.plusSeconds(86400).toString()));
    driver.runJobs(round);

    JsonNode body = json.readTree(http.get(ROUNDS + "/" + id, "observer").body());

    assertThat(body.path("outcome").path("outcomeForm").asText()).isEqualTo("SEPARATE_READOUTS");
    assertThat(body.path("outcome").path("readouts")).hasSize(1);
    assertThat(body.path("outcome").path("readouts").get(0).path("side").asText()).isEqualTo("US");
    assertThat(body.path("outcome").path("readouts").get(0).path("text").asText()).startsWith("The United States");
    assertThat(body.toString()).doesNotContain("建设性磋商");
    assertThat(body.path("commitments").get(0).path("status").asText()).isNotEqualTo("PROPOSED");
  }

  private ProcessInstance instance(String roundId) {
    return engine.getRuntimeService().createProcessInstanceQuery().processInstanceBusinessKey(roundId).singleResult();
  }

  private String idOf(HttpResponse<String> response) {
    try {
      return json.readTree(response.body()).path("round").path("id").asText();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private long roundsTitled(String title) {
    return jdbc.sql("select count(*) from consultation_round where title = :title").param("title", title).query(Long.class).single();
  }

  private static void await(CountDownLatch latch) {
    try {
      latch.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
