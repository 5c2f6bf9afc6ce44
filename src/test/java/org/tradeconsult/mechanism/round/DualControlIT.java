package org.tradeconsult.mechanism.round;

import static org.assertj.core.api.Assertions.assertThat;
import static org.tradeconsult.mechanism.round.RoundProcess.*;
import static org.tradeconsult.mechanism.support.RoundDriver.vars;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.web.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.tradeconsult.mechanism.audit.AuditLog;
import org.tradeconsult.mechanism.support.Http;
import org.tradeconsult.mechanism.support.PostgresTestDatabase;
import org.tradeconsult.mechanism.support.RoundDriver;
import org.tradeconsult.mechanism.support.TestDatabase;

/**
 * Dual control on PostgreSQL, through Camunda's own REST API as Tasklist and other tools use it:
 * nobody completes a co-lead task of the other side, not even the administrator, and two
 * co-leads approving at the same instant never collide.
 */
class DualControlIT {

  static final int ROUNDS = 200;
  /** 50 in CI; more with -DargLine=-Dmechanism.it.races=400 (docs/RELIABILITY.md). */
  static final int RACES = Integer.getInteger("mechanism.it.races", 50);

  static ConfigurableApplicationContext service;
  static Http http;
  static RoundDriver driver;
  static ProcessEngine engine;
  static RoundService rounds;

  @BeforeAll
  static void startServiceOnPostgres() {
    TestDatabase database = PostgresTestDatabase.newDatabase();
    service = database.startService("postgres,demo", Map.of());
    http = new Http(((WebServerApplicationContext) service).getWebServer().getPort());
    engine = service.getBean(ProcessEngine.class);
    rounds = service.getBean(RoundService.class);
    driver = new RoundDriver(engine, rounds, service.getBean(RoundCommandService.class));
  }

  @AfterAll
  static void stopService() {
    if (service != null) {
      service.close();
    }
  }

  @Test
  void theOtherSidesCoLeadAndTheAdministratorCannotApproveForTheUsSideOverRest() {
    ProcessInstance round = driver.roundAwaitingApproval();
    String usTask = driver.task(round, TASK_APPROVE_OUTCOME_US).getId();
    String approve = "{\"variables\":{\"approval\":{\"value\":\"APPROVE\",\"type\":\"String\"}}}";

    HttpResponse<String> byChineseCoLead = http.postJson("/engine-rest/task/" + usTask + "/complete", "cn-colead", approve);
    HttpResponse<String> byAdministrator = http.postJson("/engine-rest/task/" + usTask + "/complete", "admin", approve);
    HttpResponse<String> submitByAdministrator = http.postJson("/engine-rest/task/" + usTask + "/submit-form", "admin", approve);

    assertThat(byChineseCoLead.statusCode()).isEqualTo(403);
    assertThat(byAdministrator.statusCode()).isEqualTo(403);
    assertThat(byAdministrator.body()).contains("administrators operate the service and never answer a side's task");
    assertThat(byChineseCoLead.body()).contains("us-co-leads");
    assertThat(submitByAdministrator.statusCode()).isEqualTo(403);
    assertThat(engine.getTaskService().createTaskQuery().taskId(usTask).count()).isEqualTo(1);
    AuditLog audit = service.getBean(AuditLog.class);
    // both refused by the engine command guard before the engine's own authorization check
    assertThat(audit.eventsFor("task", usTask)).extracting(e -> e.actor() + " " + e.action())
        .containsOnly("admin TASK_COMPLETION_REFUSED", "cn-colead TASK_COMPLETION_REFUSED");

    HttpResponse<String> byUsCoLead = http.postJson("/engine-rest/task/" + usTask + "/complete", "us-colead", approve);
    assertThat(byUsCoLead.statusCode()).isEqualTo(204);
  }

  @Test
  void aRefusedFormSubmissionAnswers400WithTheFieldAndKeepsTheTaskOpen() {
    ProcessInstance round = driver.roundAwaitingApproval();
    String cnTask = driver.task(round, TASK_APPROVE_OUTCOME_CN).getId();

    HttpResponse<String> rejectWithoutReason = http.postJson("/engine-rest/task/" + cnTask + "/submit-form", "cn-colead",
        "{\"variables\":{\"approval\":{\"value\":\"REJECT\",\"type\":\"String\"}}}");

    assertThat(rejectWithoutReason.statusCode()).isEqualTo(400);
    assertThat(rejectWithoutReason.body()).contains("rejectionReason");
    assertThat(engine.getTaskService().createTaskQuery().taskId(cnTask).count()).isEqualTo(1);
  }

  @Test
  void twoHundredRoundsWhoseCoLeadsApproveAtTheSameInstantAllMoveOnExactlyOnce() throws Exception {
    long started = System.nanoTime();
    List<ProcessInstance> waiting = new ArrayList<>();
    for (int i = 0; i < ROUNDS; i++) {
      waiting.add(driver.roundAwaitingApproval());
    }

    ExecutorService pool = Executors.newFixedThreadPool(2 * ROUNDS);
    List<CompletableFuture<Integer>> answers = new ArrayList<>();
    CountDownLatch ready = new CountDownLatch(2 * ROUNDS);
    CountDownLatch go = new CountDownLatch(1);
    try {
      for (ProcessInstance round : waiting) {
        answers.add(approveWhenReleased(round, TASK_APPROVE_OUTCOME_US, "us-colead", pool, ready, go));
        answers.add(approveWhenReleased(round, TASK_APPROVE_OUTCOME_CN, "cn-colead", pool, ready, go));
      }
      ready.await();
      go.countDown();
      assertThat(answers.stream().map(CompletableFuture::join).toList()).containsOnly(204);
    } finally {
      pool.shutdownNow();
    }

    for (ProcessInstance round : waiting) {
      driver.awaitTask(round, TASK_PUBLISH_READOUT_US, Duration.ofSeconds(60));
      assertThat(driver.status(round)).isEqualTo(RoundStatus.COMMUNICATING_OUTCOME);
      assertThat(engine.getHistoryService().createHistoricActivityInstanceQuery()
          .processInstanceId(round.getId()).activityId("Task_TallyApprovals").count()).as(round.getBusinessKey()).isEqualTo(1);
      assertThat(engine.getTaskService().createTaskQuery().processInstanceId(round.getId()).count()).isEqualTo(2);
    }
    assertThat(engine.getManagementService().createJobQuery().withException().count()).isZero();
    System.out.printf("[dual-control] %d rounds, %d approvals at one instant: all 204, each tallied once, 0 failed jobs (%.1f s)%n",
        ROUNDS, 2 * ROUNDS, (System.nanoTime() - started) / 1e9);
  }

  /**
   * A secretariat cancels a round (our API) at the instant its second co-lead approves it
   * (Camunda's REST API). Whichever wins, the round ends up in one consistent state: cancelled,
   * or moved on with the cancellation refused as a concurrent change; never a 5xx.
   */
  @Test
  void cancellingARoundAtTheInstantItsLastApprovalArrivesLeavesOneConsistentState() throws Exception {
    List<ProcessInstance> racing = new ArrayList<>();
    for (int i = 0; i < RACES; i++) {
      ProcessInstance round = driver.roundAwaitingApproval();
      driver.complete(round, TASK_APPROVE_OUTCOME_US, "us-colead", vars("approval", "APPROVE"));
      racing.add(round);
    }
    ExecutorService pool = Executors.newFixedThreadPool(2 * RACES);
    CountDownLatch ready = new CountDownLatch(2 * RACES);
    CountDownLatch go = new CountDownLatch(1);
    List<CompletableFuture<Integer>> approvals = new ArrayList<>();
    List<CompletableFuture<HttpResponse<String>>> cancels = new ArrayList<>();
    try {
      for (ProcessInstance round : racing) {
        approvals.add(approveWhenReleased(round, TASK_APPROVE_OUTCOME_CN, "cn-colead", pool, ready, go));
        cancels.add(CompletableFuture.supplyAsync(() -> {
          ready.countDown();
          awaitQuietly(go);
          return http.postJson("/api/v1/rounds/" + round.getBusinessKey() + "/cancel", "us-secretary", "{\"reason\": \"Raced\"}");
        }, pool));
      }
      ready.await();
      go.countDown();
      CompletableFuture.allOf(approvals.toArray(CompletableFuture[]::new)).join();
      CompletableFuture.allOf(cancels.toArray(CompletableFuture[]::new)).join();
    } finally {
      pool.shutdownNow();
    }

    java.util.Map<String, Integer> outcomes = new java.util.TreeMap<>();
    for (int i = 0; i < RACES; i++) {
      ProcessInstance round = racing.get(i);
      int approval = approvals.get(i).join();
      HttpResponse<String> cancel = cancels.get(i).join();
      assertThat(approval).as("approval").isIn(204, 404, 409);
      assertThat(cancel.statusCode()).as(cancel.body()).isIn(200, 409);
      awaitSettled(round);
      RoundStatus status = driver.status(round);
      driver.verifyTracking(round);
      if (cancel.statusCode() == 200) {
        assertThat(status).isEqualTo(RoundStatus.CANCELLED);
      } else {
        assertThat(cancel.body()).contains("concurrent-change");
        assertThat(approval).isEqualTo(204);
        assertThat(status).isEqualTo(RoundStatus.COMMUNICATING_OUTCOME);
      }
      List<StatusChange> history = rounds.statusHistory(round.getBusinessKey());
      assertThat(history.get(history.size() - 1).status()).isEqualTo(status);
      assertThat(history).filteredOn(change -> change.status() == RoundStatus.CANCELLED).hasSizeLessThanOrEqualTo(1);
      outcomes.merge("approval " + approval + " + cancel " + cancel.statusCode() + " -> " + status, 1, Integer::sum);
    }
    assertThat(engine.getManagementService().createJobQuery().withException().count()).isZero();
    System.out.printf("[cancel-race] %d rounds, cancel and last approval at one instant: %s; 0 5xx, 0 failed jobs%n", RACES, outcomes);
  }

  /** Waits until the round's async join has run (or the round has ended). */
  private static void awaitSettled(ProcessInstance round) throws InterruptedException {
    for (int i = 0; i < 600; i++) {
      if (engine.getManagementService().createJobQuery().processInstanceId(round.getId()).messages().count() == 0) {
        return;
      }
      Thread.sleep(50);
    }
    throw new AssertionError("jobs of " + round.getBusinessKey() + " still pending");
  }

  private static void awaitQuietly(CountDownLatch latch) {
    try {
      latch.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private static CompletableFuture<Integer> approveWhenReleased(
      ProcessInstance round, String taskKey, String user, ExecutorService pool, CountDownLatch ready, CountDownLatch go) {
    String taskId = driver.task(round, taskKey).getId();
    return CompletableFuture.supplyAsync(() -> {
      ready.countDown();
      awaitQuietly(go);
      return http.postJson("/engine-rest/task/" + taskId + "/complete", user,
          "{\"variables\":{\"approval\":{\"value\":\"APPROVE\",\"type\":\"String\"}}}").statusCode();
    }, pool);
  }
}
