package org.tradeconsult.mechanism.security;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.CookieManager;
import java.net.CookiePolicy;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.tradeconsult.mechanism.round.RoundCommandService;
import org.tradeconsult.mechanism.round.RoundProcess;
import org.tradeconsult.mechanism.round.RoundService;
import org.tradeconsult.mechanism.support.Http;
import org.tradeconsult.mechanism.support.RoundDriver;
import org.tradeconsult.mechanism.support.ServiceTest;
import org.tradeconsult.mechanism.support.StatementDriver;

/**
 * Bad input over HTTP answers 4xx, never 500, and changes nothing: paging of the public statements
 * API, the body of a release change, and requests to Camunda's engine REST API that it answered
 * 500 (a refused start, negative paging, deleting a process's task, evaluating conditions, a
 * deployment with XML entities); {@code /error} requested directly. And the service's own pages
 * send a Content-Security-Policy and a SameSite session cookie.
 */
@ServiceTest
class BadInputNever500Test {

  private static final Logger log = LoggerFactory.getLogger(BadInputNever500Test.class);

  /** {@code java.util.HashMap}, empty, in Java's serialization format. */
  static final String SERIALIZED_HASH_MAP =
      "rO0ABXNyABFqYXZhLnV0aWwuSGFzaE1hcAUH2sHDFmDRAwACRgAKbG9hZEZhY3RvckkACXRocmVzaG9sZHhwP0AAAAAAAAB3CAAAABAAAAAAeA==";

  static final String BPMN_HEAD = "<definitions xmlns=\"http://www.omg.org/spec/BPMN/20100524/MODEL\" "
      + "xmlns:camunda=\"http://camunda.org/schema/1.0/bpmn\" targetNamespace=\"probe\">";

  @LocalServerPort int port;
  @Autowired ProcessEngine engine;
  @Autowired RoundService rounds;
  @Autowired RoundCommandService roundCommands;
  @Autowired JdbcClient jdbc;
  @Autowired ObjectMapper json;
  @Autowired Clock clock;
  Http http;
  RoundDriver driver;

  @BeforeEach
  void setUp() {
    http = new Http(port);
    driver = new RoundDriver(engine, rounds, roundCommands);
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource({
    "page=-1, page", "page=2147483647, page", "page=100001, page", "page=abc, page", "page=1e3, page",
    "size=0, size", "size=-1, size", "size=201, size", "size=100000000, size", "size=abc, size"})
  void statementsPagingOutOfRangeAnswers400NamingTheParameter(String query, String field) throws Exception {
    // given the public list of released statements, read without a login

    // when a page or size out of range is asked for
    HttpResponse<String> answer = http.get("/api/v1/statements?" + query, null);

    // then 400, a problem naming the parameter (was: 500 for every number out of range)
    assertThat(answer.statusCode()).as(answer.body()).isEqualTo(400);
    assertThat(answer.headers().firstValue("Content-Type")).hasValue("application/problem+json");
    JsonNode problem = json.readTree(answer.body());
    assertThat(problem.path("type").asText()).endsWith("/invalid-input");
    assertThat(problem.path("field").asText()).isEqualTo(field);
  }

  @Test
  void statementsPagingAtItsLimitsIsAnswered() {
    assertThat(http.get("/api/v1/statements?page=100000&size=200", null).statusCode()).isEqualTo(200);
    assertThat(http.get("/api/v1/statements?page=0&size=1", null).statusCode()).isEqualTo(200);
  }

  @Test
  void aBadReleaseChangeAnswers400NamingTheFieldAndProposesNothing() throws Exception {
    // given a signed statement whose release is scheduled
    StatementDriver statements = new StatementDriver(engine, driver);
    ProcessInstance round = statements.roundAtItsJointStatement(r -> {
      driver.runJobs(r);
      return null;
    });
    Instant releaseAt = clock.instant().plus(2, ChronoUnit.DAYS).truncatedTo(ChronoUnit.SECONDS);
    ProcessInstance statement = statements.scheduleRelease(round, "us-secretary", releaseAt);
    String id = jdbc.sql("select id from statement where process_instance_id = :pid").param("pid", statement.getId())
        .query(String.class).single();
    String path = "/api/v1/statements/" + id + "/release-change";
    Map<String, Object> before = statementRow(id);
    long auditBefore = jdbc.sql("select count(*) from audit_event").query(Long.class).single();
    String later = clock.instant().plus(3, ChronoUnit.DAYS).toString();

    // when the other side's secretariat sends bodies that are wrong in every way
    Map<String, String> badBodies = new java.util.LinkedHashMap<>();
    badBodies.put("{\"releaseAt\": \"" + later + "\", \"cancle\": true}", "cancle");
    badBodies.put("{\"releaseAt\": \"" + later + "\", \"reason\": \"x\"}", "reason");
    badBodies.put("{\"releaseAt\": \"2020-01-01T00:00:00Z\"}", "releaseAt");
    badBodies.put("{\"releaseAt\": \"" + clock.instant().minusSeconds(1) + "\"}", "releaseAt");
    badBodies.put("{\"releaseAt\": \"" + clock.instant().plus(800, ChronoUnit.DAYS) + "\"}", "releaseAt");
    badBodies.put("{\"releaseAt\": \"9999-12-31T23:59:59Z\"}", "releaseAt");
    badBodies.put("{\"releaseAt\": " + clock.instant().plus(3, ChronoUnit.DAYS).getEpochSecond() + "}", "releaseAt");
    badBodies.put("{\"releaseAt\": 1.5e9}", "releaseAt");
    badBodies.put("{\"releaseAt\": \"next Tuesday\"}", "releaseAt");
    badBodies.put("{\"releaseAt\": [\"" + later + "\"]}", "releaseAt");
    badBodies.put("{\"releaseAt\": \"" + later + "\", \"cancel\": true}", "releaseAt");
    badBodies.put("{\"cancel\": \"yes\"}", "cancel");
    badBodies.put("{\"releaseAt\": \"" + later + "\", \"releaseAt\": \"" + later + "\"}", "");
    badBodies.put("{\"releaseAt\": ", "");
    badBodies.put("not json", "");
    badBodies.put("{} {}", "");
    for (var bad : badBodies.entrySet()) {
      HttpResponse<String> answer = http.postJson(path, "cn-secretary", bad.getKey());

      // then each answers 400 with a problem naming the field (malformed JSON: without a field)
      assertThat(answer.statusCode()).as(bad.getKey() + " → " + answer.body()).isEqualTo(400);
      JsonNode problem = json.readTree(answer.body());
      assertThat(problem.path("field").asText()).as(bad.getKey() + " → " + answer.body()).isEqualTo(bad.getValue());
    }

    // and nothing was proposed: the release, the status and the audit trail are as they were,
    // and no agreement task waits; a correct proposal is still accepted afterwards
    assertThat(statementRow(id)).isEqualTo(before);
    assertThat(jdbc.sql("select count(*) from audit_event").query(Long.class).single()).isEqualTo(auditBefore);
    assertThat(engine.getTaskService().createTaskQuery().processInstanceId(statement.getId())
        .taskDefinitionKey("Task_AgreeReleaseChange").count()).isZero();
    HttpResponse<String> good = http.postJson(path, "cn-secretary", "{\"releaseAt\": \"" + later + "\"}");
    assertThat(good.statusCode()).as(good.body()).isEqualTo(202);
    log.info("SECURITY release-change: {} bad bodies refused with 400 and their field, nothing proposed", badBodies.size());
  }

  @Test
  void aRefusedStartOverEngineRestAnswers400AndStartsNothing() throws Exception {
    // given the rounds started so far
    long before = roundsEverStarted();
    String start = "/engine-rest/process-definition/key/" + RoundProcess.KEY + "/start";
    String valid = "\"level\": {\"value\": \"WORKING\"}, \"title\": {\"value\": \"Start probe\"}, "
        + "\"startDate\": {\"value\": \"" + RoundDriver.START + "\"}, \"endDate\": {\"value\": \"" + RoundDriver.START + "\"}, "
        + "\"topics\": {\"value\": \"TARIFFS\"}";
    String serialized = "{\"type\": \"Object\", \"value\": \"" + SERIALIZED_HASH_MAP + "\", \"valueInfo\": "
        + "{\"objectTypeName\": \"java.util.HashMap\", \"serializationDataFormat\": \"application/x-java-serialized-object\"}}";
    Map<String, String> refused = Map.of(
        "{\"variables\": {\"level\": {\"value\": \"PRINCIPAL\"}}}", "title",
        "{\"businessKey\": \"${execution.setVariable('x', 1)}\", \"variables\": {" + valid + "}}", "businessKey",
        "{\"businessKey\": \"#{1+1}\", \"variables\": {" + valid + "}}", "businessKey",
        "{\"variables\": {" + valid + ", \"payload\": " + serialized + "}}", "payload");

    for (var body : refused.entrySet()) {
      // when a secretariat starts a round with it
      HttpResponse<String> answer = http.postJson(start, "us-secretary", body.getKey());

      // then 400 naming the field (was: 500, the refusal wrapped in Camunda's RestException)
      assertThat(answer.statusCode()).as(body.getKey() + " → " + answer.body()).isEqualTo(400);
      assertThat(json.readTree(answer.body()).path("field").asText()).as(answer.body()).isEqualTo(body.getValue());
      // (the administrator, who may not convene, is refused before the input is read)
      assertThat(http.postJson(start, "admin", body.getKey()).statusCode()).isBetween(400, 499);
    }

    // and no instance was created, not even one that ended at once
    assertThat(roundsEverStarted()).isEqualTo(before);
    // (the same start with valid variables does start: the refusals were the input's)
    assertThat(http.postJson(start, "us-secretary", "{\"variables\": {" + valid + "}}").statusCode()).isEqualTo(200);
    assertThat(roundsEverStarted()).isEqualTo(before + 1);
  }

  @ParameterizedTest(name = "{0} {1}")
  @CsvSource({
    "GET, firstResult=-1&maxResults=-5, firstResult",
    "GET, maxResults=-5, maxResults",
    "GET, firstResult=-1, firstResult",
    "GET, firstResult=abc, firstResult",
    "GET, maxResults=2147483648, maxResults",
    "POST, maxResults=-5, maxResults"})
  void negativePagingOfAnEngineQueryAnswers400NamingTheParameter(String method, String query, String field) throws Exception {
    // given a task of a running round, which the query would find
    driver.convene("us-secretary", RoundDriver.regularRound("WORKING"));

    // when the task list is asked for with paging out of range
    HttpRequest.Builder request = http.request("/engine-rest/task?" + query, "us-secretary").header("Content-Type", "application/json");
    HttpResponse<String> answer = http.send(request.method(method, HttpRequest.BodyPublishers.ofString("POST".equals(method) ? "{}" : "")).build());

    // then 400 naming the parameter (was: 500 for a negative maxResults, 200 for a negative firstResult)
    assertThat(answer.statusCode()).as(answer.body()).isEqualTo(400);
    assertThat(json.readTree(answer.body()).path("field").asText()).isEqualTo(field);
    assertThat(http.get("/engine-rest/task?firstResult=0&maxResults=1", "us-secretary").statusCode()).isEqualTo(200);
  }

  @Test
  void deletingATaskOfARunningRoundAnswers400AndTheTaskStays() {
    // given a running round waiting for its convening secretariat
    ProcessInstance round = driver.convene("us-secretary", RoundDriver.regularRound("WORKING"));
    String taskId = driver.task(round, RoundProcess.TASK_PROPOSE_ARRANGEMENTS).getId();

    for (String user : List.of("us-secretary", "admin")) {
      // when its candidate or the administrator deletes the task
      HttpResponse<String> answer = http.send(http.request("/engine-rest/task/" + taskId, user).DELETE().build());

      // then 400 (was: 500), and the task is still there, open
      assertThat(answer.statusCode()).as(user + " → " + answer.body()).isEqualTo(400);
      assertThat(answer.body()).contains("part of a running process");
    }
    assertThat(engine.getTaskService().createTaskQuery().taskId(taskId).count()).isEqualTo(1);
    assertThat(engine.getRuntimeService().createProcessInstanceQuery().processInstanceId(round.getId()).count()).isEqualTo(1);
  }

  @Test
  void evaluatingConditionsAnswers4xxAndStartsNothing() {
    // given the process instances there are (no process of the mechanism starts on a condition)
    long before = engine.getHistoryService().createHistoricProcessInstanceQuery().count();

    for (String user : List.of("us-secretary", "admin")) {
      for (String body : List.of("junk", "{}", "", "{\"variables\": {\"requestingSide\": {\"value\": \"US\"}}}",
          "{\"variables\": {\"x\": {\"value\": 1}}, \"businessKey\": \"${1+1}\"}")) {
        // when a condition is evaluated
        HttpResponse<String> answer = http.postJson("/engine-rest/condition", user, body);

        // then 4xx (was: 500 for any JSON object, "ENGINE-13043 No subscriptions were found")
        assertThat(answer.statusCode()).as(user + " " + body + " → " + answer.body()).isBetween(400, 499);
      }
    }
    // and nothing started
    assertThat(engine.getHistoryService().createHistoricProcessInstanceQuery().count()).isEqualTo(before);
  }

  @Test
  void aDeploymentWithXmlEntitiesIsRefusedAndDeploysNothing() throws Exception {
    // given the deployments there are
    long before = engine.getRepositoryService().createDeploymentQuery().count();
    String billionLaughs = "<?xml version=\"1.0\"?><!DOCTYPE lolz [<!ENTITY lol \"lol\">"
        + "<!ENTITY lol2 \"&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;\">"
        + "<!ENTITY lol3 \"&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;\">"
        + "<!ENTITY lol4 \"&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;\">]>" + BPMN_HEAD
        + "<process id=\"laughs\" name=\"&lol4;\" isExecutable=\"true\" camunda:historyTimeToLive=\"1\"><startEvent id=\"s\"/></process></definitions>";
    String externalEntity = "<?xml version=\"1.0\"?><!DOCTYPE d [<!ENTITY xxe SYSTEM \"file:///etc/passwd\">]>" + BPMN_HEAD
        + "<process id=\"xxe\" name=\"&xxe;\" isExecutable=\"true\" camunda:historyTimeToLive=\"1\"><startEvent id=\"s\"/></process></definitions>";

    for (String bpmn : List.of(billionLaughs, externalEntity)) {
      // when the administrator deploys a model with a DOCTYPE
      HttpResponse<String> answer = deploy("admin", bpmn);

      // then 403 before anything is parsed (was: 500, ENGINE-09003 "DOCTYPE is disallowed"): no
      // person deploys, the models are the service's own; no entity expanded or read
      assertThat(answer.statusCode()).as(answer.body()).isEqualTo(403);
      assertThat(answer.body()).doesNotContain("lollol").doesNotContain("root:");
      // and a secretariat may not deploy at all
      assertThat(deploy("us-secretary", bpmn).statusCode()).isEqualTo(403);
    }
    // and nothing was deployed
    assertThat(engine.getRepositoryService().createDeploymentQuery().count()).isEqualTo(before);
    assertThat(engine.getRepositoryService().createProcessDefinitionQuery().processDefinitionKeyIn("laughs", "xxe").count()).isZero();
  }

  @Test
  void errorRequestedDirectlyAnswers404() {
    for (String user : new String[] {null, "us-secretary"}) {
      for (String accept : List.of("application/json", "text/html")) {
        // when /error is asked for directly, with no error to render
        HttpResponse<String> answer = http.send(http.request("/error", user).header("Accept", accept).GET().build());

        // then 404 (was: 500 with "status": 999)
        assertThat(answer.statusCode()).as(user + " " + accept + " → " + answer.body()).isEqualTo(404);
      }
    }
    // while errors are still rendered where they happen
    assertThat(http.get("/api/v1/statements/none-such", null).statusCode()).isEqualTo(404);
  }

  @Test
  void theLoginPageAndTheBoardSendAContentSecurityPolicyAndASameSiteSessionCookie() {
    // given a browser with a cookie jar
    HttpClient browser = HttpClient.newBuilder().cookieHandler(new CookieManager(null, CookiePolicy.ACCEPT_ALL)).build();

    // when it opens the login page
    HttpResponse<String> login = Http.send(browser, http.request("/login", null).GET().build());

    // then the page has a policy that allows only its own origin and no inline code, and the session cookie is SameSite
    assertThat(login.statusCode()).isEqualTo(200);
    assertStrictPolicy(login);
    assertThat(sessionCookie(login)).containsIgnoringCase("SameSite=Lax").containsIgnoringCase("HttpOnly");
    assertThat(login.body()).doesNotContain("<script").doesNotContain("<style").doesNotContain(" style=");

    // when it logs in with the form
    Matcher csrf = Pattern.compile("name=\"_csrf\" type=\"hidden\" value=\"([^\"]+)\"").matcher(login.body());
    assertThat(csrf.find()).as(login.body()).isTrue();
    HttpResponse<String> loggedIn = Http.send(browser, http.request("/login", null)
        .header("Content-Type", "application/x-www-form-urlencoded")
        .POST(HttpRequest.BodyPublishers.ofString("username=observer&password=" + Http.DEMO_PASSWORD
            + "&_csrf=" + URLEncoder.encode(csrf.group(1), StandardCharsets.UTF_8)))
        .build());

    // then the new session's cookie is SameSite too, and the board comes with the policy
    assertThat(loggedIn.statusCode()).isEqualTo(302);
    assertThat(loggedIn.headers().firstValue("Location")).hasValueSatisfying(l -> assertThat(l).endsWith("/dashboard"));
    assertThat(sessionCookie(loggedIn)).containsIgnoringCase("SameSite=Lax");
    HttpResponse<String> board = Http.send(browser, http.request("/dashboard", null).GET().build());
    assertThat(board.statusCode()).isEqualTo(200);
    assertThat(board.body()).contains("board.js").doesNotContain("<style").doesNotContain(" style=")
        .doesNotContainPattern("<script(?![^>]*\\ssrc=)");
    assertStrictPolicy(board);
  }

  @Test
  void tasklistStillLogsInAndItsSessionCookieIsSameSiteOnce() {
    // given Tasklist's login page, with its own policy and cookie settings
    HttpResponse<String> page = http.get("/camunda/app/tasklist/default/", null);
    String cookie = sessionCookie(page);
    assertThat(cookie).containsIgnoringCase("SameSite=Lax");
    assertThat(Pattern.compile("(?i)samesite").matcher(cookie).results().count()).as(cookie).isEqualTo(1);

    // when a user logs in to Tasklist, then the login succeeds and the session reads the user's tasks
    WebappSession session = WebappSession.tasklist(port, "us-secretary", Http.DEMO_PASSWORD);
    assertThat(session.get(WebappSession.TASKLIST_API + "/task/count").statusCode()).isEqualTo(200);
  }

  private static void assertStrictPolicy(HttpResponse<String> page) {
    assertThat(page.headers().firstValue("Content-Security-Policy")).hasValueSatisfying(policy -> assertThat(policy)
        .contains("default-src 'self'", "script-src 'self'", "style-src 'self'", "object-src 'none'", "frame-ancestors 'none'")
        .doesNotContain("unsafe-inline").doesNotContain("unsafe-eval").doesNotContain("*"));
  }

  private static String sessionCookie(HttpResponse<String> response) {
    return response.headers().allValues("Set-Cookie").stream().filter(c -> c.startsWith("JSESSIONID=")).findFirst()
        .orElseThrow(() -> new AssertionError("no session cookie in " + response.headers().map()));
  }

  private long roundsEverStarted() {
    return engine.getHistoryService().createHistoricProcessInstanceQuery().processDefinitionKey(RoundProcess.KEY).count();
  }

  private Map<String, Object> statementRow(String id) {
    return jdbc.sql("select status, release_at from statement where id = :id").param("id", id).query().singleRow();
  }

  private HttpResponse<String> deploy(String user, String bpmn) {
    String boundary = "----bad-input-" + System.nanoTime();
    String body = "--" + boundary + "\r\nContent-Disposition: form-data; name=\"deployment-name\"\r\n\r\nprobe\r\n"
        + "--" + boundary + "\r\nContent-Disposition: form-data; name=\"data\"; filename=\"probe.bpmn\"\r\n"
        + "Content-Type: application/xml\r\n\r\n" + bpmn + "\r\n--" + boundary + "--\r\n";
    return http.send(http.request("/engine-rest/deployment/create", user)
        .header("Content-Type", "multipart/form-data; boundary=" + boundary)
        .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8)).build());
  }
}
