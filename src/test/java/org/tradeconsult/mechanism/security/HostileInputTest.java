package org.tradeconsult.mechanism.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.tradeconsult.mechanism.support.RoundDriver.vars;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayInputStream;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import javax.xml.parsers.DocumentBuilderFactory;
import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
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
 * Hostile input beyond the refusal catalogue of {@code RoundApiBadRequestTest}: SQL injection in
 * every filter, script tags in every free-text field (stored verbatim, escaped wherever shown),
 * oversized bodies, and malformed JSON, dates and fields in Tasklist's form submissions. Never a
 * 500, never a changed table.
 */
@ServiceTest
class HostileInputTest {

  private static final Logger log = LoggerFactory.getLogger(HostileInputTest.class);

  static final List<String> INJECTIONS = List.of(
      "' OR '1'='1",
      "'; DROP TABLE consultation_round; --",
      "1) OR (1=1",
      "%' OR 1=1 --",
      "\\' UNION SELECT password_ FROM act_id_user --",
      "PREPARING' /*",
      // a date that the round created below matches with "to", followed by an injection
      RoundDriver.START.plusDays(1) + "' OR '1'='1",
      "${jndi:ldap://example.invalid/x}",
      "<script>alert(1)</script>");

  static final String SCRIPT = "<script>alert('xss')</script>";

  @LocalServerPort int port;
  @Autowired ProcessEngine engine;
  @Autowired RoundService rounds;
  @Autowired RoundCommandService roundCommands;
  @Autowired JdbcClient jdbc;
  @Autowired ObjectMapper json;
  Http http;

  @BeforeEach
  void setUp() {
    http = new Http(port);
  }

  @Test
  void sqlInjectionInEveryFilterIsRefusedOrMatchedLiterallyAndChangesNothing() throws Exception {
    // a round for a filter to match wrongly, were the date in front of an injection string taken alone
    assertThat(http.postJson("/api/v1/rounds", "us-secretary", """
        {"type": "REGULAR", "level": "WORKING", "title": "Injection target", "startDate": "%s", "endDate": "%s", "topics": ["TARIFFS"]}
        """.formatted(RoundDriver.START, RoundDriver.START)).statusCode()).isEqualTo(201);
    Map<String, Long> before = tableCounts();
    Map<String, List<String>> filters = filtersFromTheApiDescription();
    assertThat(filters.get("/api/v1/rounds")).contains("status", "q", "sort", "from", "page");
    assertThat(filters.get("/api/v1/commitments")).contains("side", "status", "dueBefore", "roundId");

    int tried = 0;
    Map<Integer, Integer> answers = new TreeMap<>();
    List<String> failures = new ArrayList<>();
    for (var endpoint : filters.entrySet()) {
      for (String parameter : endpoint.getValue()) {
        for (String injection : INJECTIONS) {
          String path = EndpointInventory.concrete(endpoint.getKey()) + "?" + parameter + "=" + URLEncoder.encode(injection, StandardCharsets.UTF_8);
          HttpResponse<String> answer = http.get(path, "us-secretary");
          tried++;
          answers.merge(answer.statusCode(), 1, Integer::sum);
          if (answer.statusCode() == 400) {
            JsonNode problem = json.readTree(answer.body());
            if (!parameter.equals(problem.path("field").asText())) {
              failures.add(path + " refused without naming the field: " + answer.body());
            }
          } else if (answer.statusCode() == 200) {
            // accepted as text: every item found must contain the text literally
            for (JsonNode item : json.readTree(answer.body()).path("items")) {
              String text = (item.path("title").asText() + " " + item.path("reason").asText()).toLowerCase();
              if (!text.contains(injection.toLowerCase())) {
                failures.add(path + " matched " + item.path("id").asText() + " without containing the text");
              }
            }
          } else {
            failures.add(path + " answered " + answer.statusCode());
          }
        }
      }
    }

    log.info("SECURITY injection: filters {}, requests {}, answers {}, failures {}", filters, tried, answers, failures.size());
    assertThat(failures).isEmpty();
    assertThat(tableCounts()).as("no table changed").isEqualTo(before);
  }

  @Test
  void scriptTagsAreStoredVerbatimAndEscapedInTheFeedAndTheCalendar() throws Exception {
    String marker = UUID.randomUUID().toString().substring(0, 8);
    String title = SCRIPT + " round " + marker;
    String venue = "<img src=x onerror=alert(1)> " + marker;
    HttpResponse<String> started = http.postJson("/api/v1/rounds", "us-secretary", """
        {"type": "REGULAR", "level": "PRINCIPAL", "title": %s, "startDate": "%s", "endDate": "%s",
         "requestedHost": "CN", "venue": %s, "topics": ["TARIFFS"]}
        """.formatted(json.writeValueAsString(title), RoundDriver.START, RoundDriver.START.plusDays(1), json.writeValueAsString(venue)));
    assertThat(started.statusCode()).as(started.body()).isEqualTo(201);
    JsonNode round = json.readTree(started.body()).path("round");
    assertThat(round.path("title").asText()).isEqualTo(title);
    assertThat(round.path("venue").asText()).isEqualTo(venue);
    assertThat(started.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("application/json"));
    HttpResponse<String> request = http.postJson("/api/v1/rounds", "cn-secretary", """
        {"type": "AD_HOC", "requestingSide": "CN", "reason": %s, "topics": ["TARIFFS"]}
        """.formatted(json.writeValueAsString(SCRIPT + " reason " + marker)));
    assertThat(json.readTree(request.body()).path("round").path("reason").asText()).isEqualTo(SCRIPT + " reason " + marker);

    // the forms' free-text fields, through to a released statement
    RoundDriver driver = new RoundDriver(engine, rounds, roundCommands);
    StatementDriver statements = new StatementDriver(engine, driver);
    ProcessInstance instance = engine.getRuntimeService().createProcessInstanceQuery()
        .processInstanceBusinessKey(round.path("id").asText()).processDefinitionKey(RoundProcess.KEY).singleResult();
    driver.complete(instance, RoundProcess.TASK_PROPOSE_ARRANGEMENTS, "us-secretary", vars("host", "CN", "venue", venue,
        "startDate", RoundDriver.START.toString(), "endDate", RoundDriver.START.plusDays(1).toString()));
    driver.complete(instance, RoundProcess.TASK_CONFIRM_ARRANGEMENTS, "cn-secretary", vars("arrangementsDecision", "AGREE"));
    driver.complete(instance, RoundProcess.TASK_PROPOSE_AGENDA_US, "us-secretary", vars("topics", "TARIFFS", "delegation", SCRIPT));
    driver.complete(instance, RoundProcess.TASK_PROPOSE_AGENDA_CN, "cn-secretary", vars("topics", "TARIFFS", "delegation", SCRIPT));
    driver.runJobs(instance);
    driver.complete(instance, RoundProcess.TASK_FINALISE_AGENDA, "us-secretary", vars("agenda", SCRIPT));
    driver.complete(instance, RoundProcess.TASK_RECORD_SESSION, "us-secretary",
        vars("itemOutcomes", SCRIPT + " | AGREED", "outcomeForm", "JOINT_STATEMENT", "anotherSession", false));
    driver.complete(instance, RoundProcess.TASK_APPROVE_OUTCOME_US, "us-colead", vars("approval", "APPROVE"));
    driver.complete(instance, RoundProcess.TASK_APPROVE_OUTCOME_CN, "cn-colead", vars("approval", "APPROVE"));
    driver.runJobs(instance);
    ProcessInstance statement = statements.statementOf(instance);
    String english = SCRIPT + " English " + marker + " & <b>bold</b>";
    String chinese = SCRIPT + " 中文 " + marker;
    statements.draft(statement, english, chinese);
    statements.review(statement, "ACCEPT", "ACCEPT");
    statements.schedule(statement, "us-secretary", StatementDriver.soon());
    statements.signOff(statement, "SIGN", "SIGN");
    statements.fireRelease(statement);

    JsonNode details = json.readTree(http.get("/api/v1/rounds/" + round.path("id").asText(), "observer").body());
    assertThat(details.path("agenda").path("finalAgenda").asText()).isEqualTo(SCRIPT);
    assertThat(details.path("agenda").path("proposals").get(0).path("delegation").asText()).isEqualTo(SCRIPT);
    assertThat(details.path("outcome").path("sessions").get(0).path("itemOutcomes").asText()).isEqualTo(SCRIPT + " | AGREED");
    String statementId = details.path("statement").path("id").asText();
    JsonNode published = json.readTree(http.get("/api/v1/statements/" + statementId, null).body());
    assertThat(published.path("textEn").asText()).isEqualTo(english);
    assertThat(published.path("title").asText()).isEqualTo(title);

    HttpResponse<String> feed = http.get("/api/v1/statements/feed.atom", null);
    assertThat(feed.body()).contains(marker).doesNotContain("<script>", "<img", "<b>")
        .contains("&lt;script&gt;alert(", "&amp; &lt;b&gt;bold&lt;/b&gt;");
    var parsed = DocumentBuilderFactory.newInstance().newDocumentBuilder()
        .parse(new ByteArrayInputStream(feed.body().getBytes(StandardCharsets.UTF_8)));
    assertThat(parsed.getElementsByTagName("script").getLength()).as("no element injected into the feed").isZero();
    assertThat(parsed.getElementsByTagName("content").item(0).getTextContent()).isNotBlank();

    // the calendar is text/calendar: no markup is interpreted, and a title cannot start a line of its own
    String injected = "Evil\r\nEND:VEVENT\r\nBEGIN:VEVENT\r\nSUMMARY:Injected-" + marker;
    HttpResponse<String> evil = http.postJson("/api/v1/rounds", "us-secretary", """
        {"type": "REGULAR", "level": "WORKING", "title": %s, "startDate": "%s", "endDate": "%s", "topics": ["TARIFFS"]}
        """.formatted(json.writeValueAsString(injected), RoundDriver.START.plusDays(3), RoundDriver.START.plusDays(3)));
    assertThat(evil.statusCode()).as(evil.body()).isIn(201, 400);
    HttpResponse<String> calendar = http.get("/api/v1/rounds/calendar.ics", "observer");
    assertThat(calendar.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("text/calendar"));
    List<String> lines = Arrays.asList(calendar.body().replace("\r\n ", "").split("\r\n"));
    assertThat(lines).noneMatch(l -> l.equals("SUMMARY:Injected-" + marker));
    assertThat(lines).filteredOn(l -> l.contains(marker)).allMatch(l -> l.startsWith("SUMMARY:") || l.startsWith("LOCATION:")
        || l.startsWith("DESCRIPTION:"));
    assertThat(lines).filteredOn(l -> l.startsWith("BEGIN:VEVENT")).hasSameSizeAs(
        lines.stream().filter(l -> l.startsWith("END:VEVENT")).toList());
  }

  @Test
  void oversizedBodiesAnswer413AndChangeNothing() throws Exception {
    Map<String, Long> before = tableCounts();
    String twoMegabytes = "{\"type\": \"REGULAR\", \"title\": \"" + "x".repeat(2 * 1024 * 1024) + "\"}";
    List<String> targets = List.of("/api/v1/rounds", "/api/v1/rounds/R-1/cancel", "/engine-rest/task/probe/submit-form",
        "/engine-rest/process-definition/key/consultation-round/start", "/camunda/api/engine/engine/default/task/probe/submit-form");
    for (String path : targets) {
      HttpResponse<String> answer = http.postJson(path, "us-secretary", twoMegabytes);
      assertThat(answer.statusCode()).as(path).isEqualTo(413);
      assertThat(json.readTree(answer.body()).path("type").asText()).isEqualTo("https://tradeconsult.org/problems/payload-too-large");
    }
    // without a length (chunked) the body is cut at the limit: unreadable, so refused as malformed
    HttpResponse<String> chunked = http.send(http.request("/api/v1/rounds", "us-secretary")
        .header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(twoMegabytes.getBytes(StandardCharsets.UTF_8))))
        .build());
    assertThat(chunked.statusCode()).as(chunked.body()).isEqualTo(400);
    assertThat(tableCounts()).isEqualTo(before);
    log.info("SECURITY oversized: {} endpoints refused a 2 MB body with 413, a chunked one with 400", targets.size());
  }

  @Test
  void tasklistFormSubmissionsWithMalformedJsonDatesOrOversizedFieldsAnswer400WithTheField() throws Exception {
    HttpResponse<String> started = http.postJson("/api/v1/rounds", "us-secretary", """
        {"type": "REGULAR", "level": "WORKING", "title": "Hostile forms", "startDate": "%s", "endDate": "%s", "topics": ["TARIFFS"]}
        """.formatted(RoundDriver.START, RoundDriver.START));
    String roundId = json.readTree(started.body()).path("round").path("id").asText();
    String taskId = engine.getTaskService().createTaskQuery().processInstanceBusinessKey(roundId)
        .taskDefinitionKey(RoundProcess.TASK_PROPOSE_ARRANGEMENTS).singleResult().getId();
    String path = "/engine-rest/task/" + taskId + "/submit-form";

    assertThat(http.postJson(path, "us-secretary", "{\"variables\": {\"host\": ").statusCode()).isEqualTo(400);
    Map<String, String> bad = Map.of(
        "startDate", form("US", "Washington", "31/02/2027", RoundDriver.START.toString()),
        "endDate", form("US", "Washington", RoundDriver.START.toString(), "2027-02-30"),
        "venue", form("US", "v".repeat(301), RoundDriver.START.toString(), RoundDriver.START.toString()),
        "host", form("'; DROP TABLE consultation_round; --", "Washington", RoundDriver.START.toString(), RoundDriver.START.toString()));
    for (var entry : bad.entrySet()) {
      HttpResponse<String> answer = http.postJson(path, "us-secretary", entry.getValue());
      assertThat(answer.statusCode()).as(answer.body()).isEqualTo(400);
      assertThat(answer.body()).as(entry.getKey()).contains(entry.getKey());
    }
    assertThat(engine.getTaskService().createTaskQuery().taskId(taskId).count()).as("the task stays open").isEqualTo(1);
  }

  /**
   * The browser pages of the service (the dashboard) show API text as text: their scripts never
   * parse markup, so a title with a script tag stays a title.
   */
  @Test
  void theServicesOwnPagesNeverInsertTextAsMarkup() throws Exception {
    List<String> offending = new ArrayList<>();
    java.nio.file.Path root = java.nio.file.Path.of("src/main/resources/static");
    if (java.nio.file.Files.isDirectory(root)) {
      try (var files = java.nio.file.Files.walk(root)) {
        for (java.nio.file.Path file : files.filter(f -> f.toString().endsWith(".js") || f.toString().endsWith(".html")).toList()) {
          String source = java.nio.file.Files.readString(file);
          for (String sink : List.of("innerHTML", "outerHTML", "insertAdjacentHTML", "document.write", "eval(")) {
            if (source.contains(sink)) {
              offending.add(file + ": " + sink);
            }
          }
        }
      }
    }
    assertThat(offending).isEmpty();
  }

  private static String form(String host, String venue, String start, String end) {
    return """
        {"variables": {"host": {"value": "%s"}, "venue": {"value": "%s"}, "startDate": {"value": "%s"}, "endDate": {"value": "%s"}}}
        """.formatted(host, venue, start, end);
  }

  /** The query parameters of our listing endpoints, as their OpenAPI description declares them. */
  private Map<String, List<String>> filtersFromTheApiDescription() throws Exception {
    JsonNode paths = json.readTree(http.get("/v3/api-docs", "us-secretary").body()).path("paths");
    Map<String, List<String>> filters = new TreeMap<>();
    paths.properties().forEach(path -> {
      List<String> names = new ArrayList<>();
      path.getValue().path("get").path("parameters").forEach(p -> {
        if ("query".equals(p.path("in").asText())) {
          names.add(p.path("name").asText());
        }
      });
      if (!names.isEmpty()) {
        filters.put(path.getKey(), names);
      }
    });
    return filters;
  }

  private Map<String, Long> tableCounts() {
    Map<String, Long> counts = new TreeMap<>();
    for (String table : List.of("consultation_round", "round_status_change", "commitment", "statement", "audit_event",
        "ACT_RU_EXECUTION", "ACT_ID_USER")) {
      counts.put(table, jdbc.sql("select count(*) from " + table).query(Long.class).single());
    }
    return counts;
  }
}
