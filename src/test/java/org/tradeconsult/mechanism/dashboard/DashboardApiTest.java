package org.tradeconsult.mechanism.dashboard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.tradeconsult.mechanism.support.RoundDriver.vars;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
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

/** {@code GET /api/v1/dashboard} and the Prometheus metrics, over HTTP, as the board reads them. */
@ServiceTest
class DashboardApiTest {

  static final String HOSTILE = "<script>alert('board')</script> & <b>bold</b>";

  @LocalServerPort int port;
  @Autowired ProcessEngine engine;
  @Autowired RoundService rounds;
  @Autowired RoundCommandService commands;
  @Autowired ObjectMapper json;
  @Autowired Clock clock;
  @Autowired MechanismMetrics metrics;
  @Autowired StatusCounts counts;
  @Autowired JdbcClient jdbc;
  Http http;
  RoundDriver driver;

  @BeforeEach
  void setUp() {
    http = new Http(port);
    driver = new RoundDriver(engine, rounds, commands);
  }

  @Test
  void anActiveRoundShowsItsStatusTheSideAwaitedItsNextDeadlineAndItsLinksAndMovesOnAsItProgresses() throws Exception {
    ProcessInstance round = driver.request("cn-secretary", vars(
        "requestingSide", "CN", "title", HOSTILE, "reason", "Licensing backlog", "urgent", true));

    JsonNode row = activeRound(board("observer"), round.getBusinessKey());
    assertThat(row.path("title").asText()).as("stored and returned verbatim; the page escapes it").isEqualTo(HOSTILE);
    assertThat(row.path("status").asText()).isEqualTo("AWAITING_COUNTERPART");
    assertThat(row.path("type").asText()).isEqualTo("AD_HOC");
    assertThat(row.path("awaitedSides")).extracting(JsonNode::asText).containsExactly("US");
    assertThat(row.path("awaitedTasks")).hasSize(1);
    assertThat(row.path("daysInStatus").asLong()).isZero();
    Instant responseWindowEnds = engine.getManagementService().createJobQuery().processInstanceId(round.getId())
        .activityId(RoundProcess.TIMER_RESPONSE_WINDOW).singleResult().getDuedate().toInstant();
    assertThat(Instant.parse(row.path("nextDeadline").path("at").asText())).isEqualTo(responseWindowEnds);
    assertThat(row.path("nextDeadline").path("what").asText()).contains("Response window");
    assertThat(row.path("links").path("self").asText()).isEqualTo("/api/v1/rounds/" + round.getBusinessKey());
    assertThat(row.path("links").path("cockpit").asText()).endsWith("/process-instance/" + round.getId());
    assertThat(row.path("links").path("tasklist").asText()).startsWith("/camunda/app/tasklist/default/").contains(round.getBusinessKey());

    driver.complete(round, RoundProcess.TASK_ANSWER_AD_HOC_REQUEST, "us-secretary", vars("decision", "ACCEPT"));

    row = activeRound(board("observer"), round.getBusinessKey());
    assertThat(row.path("status").asText()).isEqualTo("PREPARING");
    assertThat(row.path("awaitedSides")).extracting(JsonNode::asText).containsExactly("CN");

    driver.cancel(round, "cn-secretary", "Settled at working level");

    JsonNode board = board("observer");
    assertThat(board.path("activeRounds").findValuesAsText("id")).doesNotContain(round.getBusinessKey());
    JsonNode ended = board.path("recentlyEnded").get(0);
    assertThat(ended.path("id").asText()).as("the latest ended round first").isEqualTo(round.getBusinessKey());
    assertThat(ended.path("status").asText()).isEqualTo("CANCELLED");
  }

  @Test
  void countsAgreeWithTheStatusTableAndWaitingListsTheOldestTaskPerSideAndRole() throws Exception {
    JsonNode before = board("us-colead");
    ProcessInstance first = driver.convene("us-secretary", RoundDriver.regularRound("DEPUTY"));
    driver.convene("us-secretary", RoundDriver.regularRound("WORKING"));

    JsonNode after = board("us-colead");
    assertThat(after.path("roundsByStatus").path("PREPARING").asLong() - before.path("roundsByStatus").path("PREPARING").asLong())
        .isEqualTo(2);
    assertThat(after.path("activeRoundsTotal").asLong() - before.path("activeRoundsTotal").asLong()).isEqualTo(2);
    assertThat(after.path("activeRoundsByLevel").path("DEPUTY").asLong() - before.path("activeRoundsByLevel").path("DEPUTY").asLong())
        .isEqualTo(1);
    assertThat(after.path("roundsByStatus").size()).as("every status listed").isEqualTo(13);
    long total = 0;
    for (JsonNode n : after.path("roundsByStatus")) {
      total += n.asLong();
    }
    assertThat(total).isEqualTo(jdbc.sql("select count(*) from consultation_round").query(Long.class).single());

    JsonNode usSecretariat = waiting(after, "US", "SECRETARIAT");
    assertThat(usSecretariat.path("openTasks").asLong())
        .isEqualTo(waiting(before, "US", "SECRETARIAT").path("openTasks").asLong(0) + 2);
    assertThat(usSecretariat.path("oldestSince").asText()).isNotBlank();
    assertThat(activeRound(after, first.getBusinessKey()).path("nextDeadline").path("what").asText())
        .as("a round being prepared has its first day as a deadline").contains("Round opens");
  }

  @Test
  void anUpcomingReleaseShowsTheRoundAndTheInstantButNeverTheEmbargoedTexts() throws Exception {
    StatementDriver statements = new StatementDriver(engine, driver);
    ProcessInstance round = statements.roundAtItsJointStatement(r -> {
      driver.runJobs(r);
      return null;
    });
    Instant releaseAt = clock.instant().plus(3, ChronoUnit.DAYS).truncatedTo(ChronoUnit.SECONDS);
    statements.scheduleRelease(round, "us-secretary", releaseAt);

    for (String user : new String[] {"observer", "cn-colead", "us-secretary"}) {
      HttpResponse<String> response = http.get("/api/v1/dashboard", user);
      assertThat(response.body()).as(user)
          .doesNotContain(StatementDriver.englishOf(round)).doesNotContain(StatementDriver.chineseOf(round))
          .doesNotContain("textEn").doesNotContain("textZh");
      JsonNode release = json.readTree(response.body()).path("upcomingReleases").findParents("roundId").stream()
          .filter(r -> r.path("roundId").asText().equals(round.getBusinessKey())).findFirst().orElseThrow();
      assertThat(Instant.parse(release.path("releaseAt").asText())).isEqualTo(releaseAt);
      assertThat(release.path("status").asText()).isEqualTo("SCHEDULED");
      assertThat(release.fieldNames()).toIterable().containsExactlyInAnyOrder("statementId", "roundId", "roundTitle", "releaseAt", "status");
    }
  }

  @Test
  void theBoardNeedsALoginAndRefusesParametersItDoesNotKnow() throws Exception {
    HttpResponse<String> anonymous = http.send(http.request("/api/v1/dashboard", null).GET().build());
    assertThat(anonymous.statusCode()).isEqualTo(401);
    assertThat(anonymous.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).contains("problem+json"));

    HttpResponse<String> script = http.send(http.request("/api/v1/dashboard", null)
        .header("X-Requested-With", "XMLHttpRequest").GET().build());
    assertThat(script.statusCode()).isEqualTo(401);
    assertThat(script.headers().firstValue("WWW-Authenticate")).as("no browser password dialog for the page's script").isEmpty();

    HttpResponse<String> page = http.send(http.request("/dashboard", null).GET().build());
    assertThat(page.statusCode()).isEqualTo(302);
    assertThat(page.headers().firstValue("Location")).hasValueSatisfying(l -> assertThat(l).endsWith("/login"));

    HttpResponse<String> unknown = http.get("/api/v1/dashboard?status=PREPARING", "observer");
    assertThat(unknown.statusCode()).isEqualTo(400);
    assertThat(json.readTree(unknown.body()).path("field").asText()).isEqualTo("status");

    HttpResponse<String> pageWithBasic = http.get("/dashboard", "observer");
    assertThat(pageWithBasic.statusCode()).isEqualTo(200);
    assertThat(pageWithBasic.body()).contains("/dashboard/assets/board.js").doesNotContain("http://").doesNotContain("https://");
  }

  @Test
  void prometheusNeedsCredentialsAndItsGaugesAndTotalsFollowTheDatabase() throws Exception {
    assertThat(http.send(http.request("/actuator/prometheus", null).GET().build()).statusCode()).isEqualTo(401);

    double approvalsBefore = metric(scrape(), "mechanism_co_lead_decisions_total{decision=\"APPROVE\",side=\"US\"}");
    double declinedBefore = metric(scrape(), "mechanism_round_requests_ended_total{outcome=\"DECLINED\"}");
    ProcessInstance declined = driver.request("us-secretary", vars("requestingSide", "US", "reason", "Investment screening"));
    driver.complete(declined, RoundProcess.TASK_ANSWER_AD_HOC_REQUEST, "cn-secretary",
        vars("decision", "DECLINE", "declineReason", "Next regular round"));
    ProcessInstance approved = driver.convene("cn-secretary", RoundDriver.regularRound("WORKING"));
    driver.complete(approved, RoundProcess.TASK_PROPOSE_ARRANGEMENTS, "cn-secretary",
        vars("host", "CN", "venue", "Beijing", "startDate", RoundDriver.START.toString(), "endDate", RoundDriver.START.plusDays(1).toString()));
    driver.complete(approved, RoundProcess.TASK_CONFIRM_ARRANGEMENTS, "us-secretary", vars("arrangementsDecision", "AGREE"));
    driver.complete(approved, RoundProcess.TASK_PROPOSE_AGENDA_US, "us-secretary", vars("topics", "TARIFFS", "delegation", "USTR"));
    driver.complete(approved, RoundProcess.TASK_PROPOSE_AGENDA_CN, "cn-secretary", vars("topics", "TARIFFS", "delegation", "MOFCOM"));
    driver.runJobs(approved);
    driver.complete(approved, RoundProcess.TASK_FINALISE_AGENDA, "cn-secretary", vars("agenda", "Tariffs"));
    driver.complete(approved, RoundProcess.TASK_RECORD_SESSION, "cn-secretary",
        vars("itemOutcomes", "Tariffs | AGREED", "outcomeForm", "NO_AGREEMENT", "anotherSession", false));
    driver.complete(approved, RoundProcess.TASK_APPROVE_OUTCOME_US, "us-colead", vars("approval", "APPROVE"));
    metrics.expire();

    String scrape = scrape();
    assertThat(metric(scrape, "mechanism_co_lead_decisions_total{decision=\"APPROVE\",side=\"US\"}")).isEqualTo(approvalsBefore + 1);
    assertThat(metric(scrape, "mechanism_round_requests_ended_total{outcome=\"DECLINED\"}")).isEqualTo(declinedBefore + 1);
    JsonNode board = board("observer");
    for (String status : new String[] {"PREPARING", "AWAITING_CO_LEAD_APPROVAL", "DECLINED"}) {
      double sum = 0;
      for (String level : new String[] {"PRINCIPAL", "DEPUTY", "WORKING"}) {
        sum += metric(scrape, "mechanism_rounds{level=\"" + level + "\",status=\"" + status + "\"}");
      }
      assertThat(sum).as(status).isEqualTo(board.path("roundsByStatus").path(status).asDouble());
    }
    double cnTasks = board.path("waiting").findParents("side").stream().filter(w -> w.path("side").asText().contains("CN"))
        .mapToDouble(w -> w.path("openTasks").asDouble()).sum();
    assertThat(metric(scrape, "mechanism_open_tasks{side=\"CN\"}")).isEqualTo(cnTasks);
    assertThat(metric(scrape, "mechanism_oldest_wait_seconds{side=\"CN\"}")).isGreaterThanOrEqualTo(0);
    assertThat(scrape).contains("mechanism_commitments{status=\"OVERDUE\"}").contains("mechanism_statements_released_total");
  }

  @Test
  void countsKeepWhatEndedAndAddOnlyWhatChangedSinceAndStayExact() {
    Map<String, Long> exactBefore = exactRoundCounts();
    assertThat(counts.rounds()).as("kept and live counts together").isEqualTo(exactBefore);

    ProcessInstance round = driver.convene("cn-secretary", RoundDriver.regularRound("DEPUTY"));
    driver.cancel(round, "cn-secretary", "Superseded");

    Map<String, Long> exactAfter = exactRoundCounts();
    assertThat(exactAfter.get("CANCELLED/DEPUTY")).isEqualTo(exactBefore.getOrDefault("CANCELLED/DEPUTY", 0L) + 1);
    assertThat(counts.rounds()).as("a round that ended after the kept counts were read").isEqualTo(exactAfter);
    assertThat(counts.commitments()).isEqualTo(exact("select status, count(*) as n from commitment group by status"));
    assertThat(counts.statementsReleased())
        .isEqualTo(jdbc.sql("select count(*) from statement where status = 'RELEASED'").query(Long.class).single());
    counts.forget();
    assertThat(counts.rounds()).as("read again from scratch").isEqualTo(exactAfter);
  }

  // ---- reading

  private Map<String, Long> exactRoundCounts() {
    return exact("select status || '/' || level as status, count(*) as n from consultation_round group by status, level");
  }

  private Map<String, Long> exact(String sql) {
    Map<String, Long> counts = new HashMap<>();
    jdbc.sql(sql).query((rs, i) -> counts.put(rs.getString("status"), rs.getLong("n"))).list();
    return counts;
  }

  private JsonNode board(String user) throws Exception {
    HttpResponse<String> response = http.get("/api/v1/dashboard", user);
    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    return json.readTree(response.body());
  }

  private static JsonNode activeRound(JsonNode board, String id) {
    for (JsonNode row : board.path("activeRounds")) {
      if (row.path("id").asText().equals(id)) {
        return row;
      }
    }
    throw new AssertionError("round " + id + " is not on the board");
  }

  private static JsonNode waiting(JsonNode board, String side, String role) {
    for (JsonNode row : board.path("waiting")) {
      if (row.path("side").asText().equals(side) && row.path("role").asText().equals(role)) {
        return row;
      }
    }
    return com.fasterxml.jackson.databind.node.MissingNode.getInstance();
  }

  private String scrape() {
    HttpResponse<String> response = http.get("/actuator/prometheus", "observer");
    assertThat(response.statusCode()).isEqualTo(200);
    return response.body();
  }

  private static double metric(String scrape, String series) {
    Matcher m = Pattern.compile("^" + Pattern.quote(series) + " (\\S+)$", Pattern.MULTILINE).matcher(scrape);
    assertThat(m.find()).as("series %s in the scrape", series).isTrue();
    return Double.parseDouble(m.group(1));
  }
}
