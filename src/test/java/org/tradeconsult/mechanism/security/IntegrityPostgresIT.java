package org.tradeconsult.mechanism.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.tradeconsult.mechanism.round.RoundProcess.TASK_APPROVE_OUTCOME_CN;
import static org.tradeconsult.mechanism.round.RoundProcess.TASK_APPROVE_OUTCOME_US;
import static org.tradeconsult.mechanism.round.RoundProcess.TASK_DECIDE_ESCALATED_REQUEST;
import static org.tradeconsult.mechanism.round.RoundProcess.TASK_PROPOSE_ARRANGEMENTS;
import static org.tradeconsult.mechanism.round.RoundProcess.TIMER_RESPONSE_WINDOW;
import static org.tradeconsult.mechanism.support.RoundDriver.vars;

import java.net.http.HttpResponse;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.runtime.Job;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.camunda.bpm.engine.task.Task;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.web.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.tradeconsult.mechanism.round.RoundCommandService;
import org.tradeconsult.mechanism.round.RoundService;
import org.tradeconsult.mechanism.round.RoundStatus;
import org.tradeconsult.mechanism.support.Http;
import org.tradeconsult.mechanism.support.PostgresTestDatabase;
import org.tradeconsult.mechanism.support.RoundDriver;
import org.tradeconsult.mechanism.support.StatementDriver;

/**
 * The integrity defects of issue 12, each tried on PostgreSQL as the member of a side or the
 * administrator would try it, through {@code /engine-rest}: a decision for the other side, a
 * foreign variable, an operator completing a side's task or moving a release. Each is refused
 * with 4xx and changes nothing; the class of defect is covered by {@code ForgedCompletionTest},
 * generated from the models.
 */
class IntegrityPostgresIT {

  static ConfigurableApplicationContext service;
  static Http http;
  static ProcessEngine engine;
  static JdbcClient jdbc;
  static RoundDriver rounds;
  static StatementDriver statements;

  @BeforeAll
  static void startServiceOnPostgres() {
    service = PostgresTestDatabase.newDatabase()
        .startService("postgres,demo", Map.of("camunda.bpm.job-execution.enabled", "false"));
    http = new Http(((WebServerApplicationContext) service).getWebServer().getPort());
    engine = service.getBean(ProcessEngine.class);
    jdbc = service.getBean(JdbcClient.class);
    rounds = new RoundDriver(engine, service.getBean(RoundService.class), service.getBean(RoundCommandService.class));
    statements = new StatementDriver(engine, rounds);
  }

  @AfterAll
  static void stop() {
    if (service != null) {
      service.close();
    }
  }

  @Test
  void aCoLeadCannotApproveForTheOtherSideAfterItRejected() {
    ProcessInstance round = rounds.roundAwaitingApproval();
    Task cnTask = rounds.task(round, TASK_APPROVE_OUTCOME_CN);
    Task usTask = rounds.task(round, TASK_APPROVE_OUTCOME_US);
    assertThat(complete("cn-colead", cnTask, "approval", "REJECT", "rejectionReason", "Not yet").statusCode()).isEqualTo(204);

    HttpResponse<String> forged = complete("us-colead", usTask, "approval", "APPROVE", "approvalCN", "APPROVE");

    assertRefused(forged, 400, "approvalCN", usTask);
    assertThat(complete("us-colead", usTask, "approval", "APPROVE").statusCode()).isEqualTo(204);
    rounds.runJobs(round);
    assertThat(rounds.status(round)).as("rejected by China: back to the sessions").isEqualTo(RoundStatus.IN_SESSION);
    assertThat(jdbc.sql("select rejection_count from consultation_round where id = ?").param(round.getBusinessKey())
        .query(Integer.class).single()).isEqualTo(1);
  }

  @Test
  void aSecretariatCannotOfferItsOwnNextTaskToItself() {
    ProcessInstance round = rounds.convene("us-secretary", RoundDriver.regularRound("WORKING"));
    Task propose = rounds.task(round, TASK_PROPOSE_ARRANGEMENTS);

    HttpResponse<String> forged = complete("us-secretary", propose, "host", "US", "venue", "Washington",
        "startDate", RoundDriver.START.toString(), "endDate", RoundDriver.START.plusDays(1).toString(),
        "counterpartSecretariat", "us-secretariat");

    assertRefused(forged, 400, "counterpartSecretariat", propose);
    assertThat(engine.getRuntimeService().getVariable(round.getId(), "counterpartSecretariat")).isEqualTo("cn-secretariat");
  }

  @Test
  void theRequestingSideCannotAcceptItsOwnEscalatedRequest() {
    ProcessInstance round = rounds.request("us-secretary", vars("requestingSide", "US", "reason", "Export controls"));
    rounds.fireTimer(round, TIMER_RESPONSE_WINDOW);
    Task decide = rounds.task(round, TASK_DECIDE_ESCALATED_REQUEST);

    HttpResponse<String> forged = complete("us-colead", decide, "decision", "ACCEPT", "counterpartCoLeads", "us-co-leads");
    HttpResponse<String> plain = complete("us-colead", decide, "decision", "ACCEPT");

    assertRefused(forged, 400, "counterpartCoLeads", decide);
    assertThat(plain.statusCode()).isEqualTo(403);
    assertThat(openTask(decide)).isTrue();
  }

  @Test
  void anExtraVariableOfTheWrongTypeIsRefusedInsteadOfJammingTheRound() {
    ProcessInstance round = rounds.convene("us-secretary", RoundDriver.regularRound("WORKING"));
    Task propose = rounds.task(round, TASK_PROPOSE_ARRANGEMENTS);

    HttpResponse<String> forged = http.postJson("/engine-rest/task/" + propose.getId() + "/complete", "us-secretary", """
        {"variables": {"host": {"value": "US"}, "venue": {"value": "Washington"},
          "startDate": {"value": "%s"}, "endDate": {"value": "%s"}, "roundId": {"value": 42, "type": "Integer"}}}
        """.formatted(RoundDriver.START, RoundDriver.START.plusDays(1)));

    assertRefused(forged, 400, "roundId", propose);
    assertThat(engine.getManagementService().createJobQuery().processInstanceId(round.getId()).withException().count()).isZero();
  }

  @Test
  void anAdministratorNeverCompletesASidesTaskWhateverItChangesFirst() {
    ProcessInstance round = rounds.roundAwaitingApproval();
    Task cnTask = rounds.task(round, TASK_APPROVE_OUTCOME_CN);
    String links = "/engine-rest/task/" + cnTask.getId() + "/identity-links";

    // a candidate group added, the side's link deleted, itself added to the side's group
    assertThat(http.postJson(links, "admin", "{\"groupId\": \"camunda-admin\", \"type\": \"candidate\"}").statusCode()).isEqualTo(204);
    assertRefused(complete("admin", cnTask, "approval", "APPROVE"), 403, null, cnTask);
    assertThat(http.postJson(links + "/delete", "admin", "{\"groupId\": \"cn-co-leads\", \"type\": \"candidate\"}").statusCode())
        .isEqualTo(204);
    assertRefused(complete("admin", cnTask, "approval", "APPROVE"), 403, null, cnTask);
    assertThat(http.send(http.request("/engine-rest/group/cn-co-leads/members/admin", "admin")
        .PUT(java.net.http.HttpRequest.BodyPublishers.noBody()).build()).statusCode()).isEqualTo(204);
    assertRefused(complete("admin", cnTask, "approval", "APPROVE"), 403, null, cnTask);

    // a decision variable set, the instance modified past the approval
    assertThat(http.send(http.request("/engine-rest/process-instance/" + round.getId() + "/variables/approvalCN", "admin")
        .header("Content-Type", "application/json")
        .PUT(java.net.http.HttpRequest.BodyPublishers.ofString("{\"value\": \"APPROVE\", \"type\": \"String\"}")).build())
        .statusCode()).isEqualTo(403);
    assertThat(http.postJson("/engine-rest/process-instance/" + round.getId() + "/modification", "admin", """
        {"instructions": [{"type": "startBeforeActivity", "activityId": "Gateway_ApprovalJoin"}]}
        """).statusCode()).isEqualTo(403);

    // a user called 'system' (the name under which the service acts) cannot be made
    assertThat(http.postJson("/engine-rest/user/create", "admin", """
        {"profile": {"id": "system", "firstName": "S", "lastName": "S", "email": "s@example.org"},
         "credentials": {"password": "Aa1!aaaaaaaaaa"}}
        """).statusCode()).isEqualTo(400);

    assertThat(openTask(cnTask)).isTrue();
    assertThat(rounds.status(round)).isEqualTo(RoundStatus.AWAITING_CO_LEAD_APPROVAL);
    assertThat(jdbc.sql("select count(*) from audit_event where actor = 'admin' and action = 'IDENTITY_CHANGED'")
        .query(Long.class).single()).as("candidate links and membership changes on record").isGreaterThanOrEqualTo(3);
    assertThat(jdbc.sql("select count(*) from audit_event where actor = 'admin' and action in ('TASK_COMPLETION_REFUSED', 'OPERATION_REFUSED')")
        .query(Long.class).single()).isGreaterThanOrEqualTo(5);
  }

  @Test
  void noOneReleasesAStatementEarlyNorSwapsItsTextNorStartsOneByHand() {
    ProcessInstance round = statements.roundAtItsJointStatement(r -> {
      rounds.runJobs(r);
      return null;
    });
    ProcessInstance statement = statements.statementOf(round);
    statements.draft(statement, StatementDriver.englishOf(round), StatementDriver.chineseOf(round));
    statements.review(statement, "ACCEPT", "ACCEPT");
    Instant releaseAt = Instant.now().plus(3, ChronoUnit.DAYS).truncatedTo(ChronoUnit.SECONDS);
    statements.schedule(statement, "us-secretary", releaseAt);
    Task signOffUs = task(statement, "Task_SignOffUS");

    // a co-lead signs with its own release instant
    assertRefused(complete("us-colead", signOffUs, "signOff", "SIGN", "releaseAt", "2020-01-01T00:00:00Z"), 400, "releaseAt", signOffUs);
    statements.signOff(statement, "SIGN", "SIGN");

    // the administrator executes the release timer or moves it
    Job timer = statements.releaseTimer(statement);
    assertThat(http.postJson("/engine-rest/job/" + timer.getId() + "/execute", "admin", "").statusCode()).isEqualTo(403);
    assertThat(http.send(http.request("/engine-rest/job/" + timer.getId() + "/duedate", "admin")
        .header("Content-Type", "application/json")
        .PUT(java.net.http.HttpRequest.BodyPublishers.ofString("{\"duedate\": \"2020-01-01T00:00:00.000+0000\"}")).build())
        .statusCode()).isEqualTo(403);
    assertThat(engine.getManagementService().createJobQuery().jobId(timer.getId()).singleResult().getDuedate().toInstant())
        .isEqualTo(releaseAt);
    assertThat(http.get("/api/v1/statements", "observer").body())
        .doesNotContain(StatementDriver.englishOf(round));

    // a secretariat starts a statement or the schedule by hand
    for (String key : List.of("joint-statement", "regular-round-schedule", "commitment-tracking")) {
      assertThat(http.postJson("/engine-rest/process-definition/key/" + key + "/start", "us-secretary", "{}").statusCode())
          .as("start %s by hand", key).isIn(403);
    }
  }

  @Test
  void aSecretariatCannotWriteAnotherRoundsStatementNorOverrideTheOtherSidesReview() {
    ProcessInstance other = statements.roundAtItsJointStatement(r -> {
      rounds.runJobs(r);
      return null;
    });
    ProcessInstance round = statements.roundAtItsJointStatement(r -> {
      rounds.runJobs(r);
      return null;
    });
    ProcessInstance statement = statements.statementOf(round);
    String otherStatementId = jdbc.sql("select id from statement where process_instance_id = ?")
        .param(statements.statementOf(other).getId()).query(String.class).single();
    Task draft = task(statement, "Task_DraftEnglishText");

    assertRefused(complete("us-secretary", draft, "textEn", "Swapped text", "statementId", otherStatementId),
        400, "statementId", draft);

    statements.draft(statement, StatementDriver.englishOf(round), StatementDriver.chineseOf(round));
    Task reviewOfChinese = task(statement, "Task_ReviewChineseText");
    assertRefused(complete("us-secretary", reviewOfChinese, "reviewDecision", "ACCEPT", "reviewOfEnglish", "ACCEPT"),
        400, "reviewOfEnglish", reviewOfChinese);
  }

  private static HttpResponse<String> complete(String user, Task task, Object... namesAndValues) {
    StringBuilder body = new StringBuilder("{\"variables\": {");
    for (int i = 0; i < namesAndValues.length; i += 2) {
      body.append(i == 0 ? "" : ", ").append('"').append(namesAndValues[i]).append("\": {\"value\": \"")
          .append(namesAndValues[i + 1]).append("\", \"type\": \"String\"}");
    }
    return http.postJson("/engine-rest/task/" + task.getId() + "/complete", user, body.append("}}").toString());
  }

  private static void assertRefused(HttpResponse<String> response, int status, String field, Task task) {
    assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
    if (field != null) {
      assertThat(response.body()).contains(field);
    }
    assertThat(openTask(task)).as("task %s still open", task.getTaskDefinitionKey()).isTrue();
  }

  private static boolean openTask(Task task) {
    return engine.getTaskService().createTaskQuery().taskId(task.getId()).count() == 1;
  }

  private static Task task(ProcessInstance instance, String key) {
    return engine.getTaskService().createTaskQuery().processInstanceId(instance.getId()).taskDefinitionKey(key).singleResult();
  }
}
