package org.tradeconsult.mechanism.commitment;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.http.HttpResponse;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.identity.User;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.tradeconsult.mechanism.support.Http;
import org.tradeconsult.mechanism.support.ServiceTest;

/** {@code GET /api/v1/commitments} and {@code GET /api/v1/commitments/{id}}, over HTTP. */
@ServiceTest
class CommitmentApiTest {

  static final LocalDate GENEVA = LocalDate.parse("2025-05-14");

  @LocalServerPort int port;
  @Autowired ProcessEngine engine;
  @Autowired CommitmentService commitments;
  @Autowired JdbcClient jdbc;
  @Autowired ObjectMapper json;
  Http http;
  CommitmentDriver driver;

  @BeforeEach
  void setUp() {
    http = new Http(port);
    driver = new CommitmentDriver(engine, commitments, jdbc);
  }

  @Test
  void anyMemberOfTheMechanismListsTheAgreedCommitmentsOfARoundInDueDateOrderWithTheirPeriods() throws Exception {
    Round round = roundWithFourCommitments();

    for (String user : List.of("observer", "cn-colead", "us-secretary", "admin")) {
      JsonNode page = list("?roundId=" + round.id, user);
      assertThat(ids(page)).as(user).containsExactly(round.c1, round.c2, round.c3, round.c4);
      assertThat(page.path("total").asLong()).isEqualTo(4);
      assertThat(page.path("page").asInt()).isZero();
      assertThat(page.path("size").asInt()).isEqualTo(50);
    }
    JsonNode first = list("?roundId=" + round.id, "observer").path("items").get(0);
    assertThat(first.path("status").asText()).isEqualTo("IN_PERIOD");
    assertThat(first.path("ownerSide").asText()).isEqualTo("US");
    assertThat(first.path("dueDate").asText()).isEqualTo("2025-05-14");
    assertThat(first.path("periodEnd").asText()).isEqualTo("2025-11-10");
    assertThat(first.path("periods")).hasSize(2);
    assertThat(first.path("periods").get(1).path("startDate").asText()).isEqualTo("2025-08-13");
    assertThat(first.path("periods").get(1).path("recordedBy").asText()).isEqualTo("us-secretary");
  }

  @Test
  void filtersCombineAndPagesAreStable() throws Exception {
    Round round = roundWithFourCommitments();
    String of = "?roundId=" + round.id;

    assertThat(ids(list(of + "&side=US", "observer"))).containsExactly(round.c1, round.c4);
    assertThat(ids(list(of + "&side=both", "observer"))).containsExactly(round.c3);
    assertThat(ids(list(of + "&status=OVERDUE", "observer"))).containsExactly(round.c3);
    assertThat(ids(list(of + "&status=pending,overdue", "observer"))).containsExactly(round.c3, round.c4);
    assertThat(ids(list(of + "&side=CN&side=BOTH", "observer"))).containsExactly(round.c2, round.c3);
    assertThat(ids(list(of + "&dueBefore=2025-06-01", "observer"))).as("exclusive").containsExactly(round.c1, round.c2);
    assertThat(ids(list(of + "&dueAfter=2025-05-14", "observer"))).as("exclusive").containsExactly(round.c3, round.c4);
    assertThat(ids(list(of + "&dueAfter=2025-05-13&dueBefore=2025-06-02&side=CN", "observer"))).containsExactly(round.c2);

    JsonNode secondPage = list(of + "&page=1&size=3", "observer");
    assertThat(ids(secondPage)).containsExactly(round.c4);
    assertThat(secondPage.path("total").asLong()).isEqualTo(4);
    assertThat(secondPage.path("page").asInt()).isEqualTo(1);
    assertThat(secondPage.path("size").asInt()).isEqualTo(3);
    List<String> pageByPage = new ArrayList<>();
    for (int page = 0; page < 4; page++) {
      pageByPage.addAll(ids(list(of + "&size=1&page=" + page, "observer")));
    }
    assertThat(pageByPage).containsExactly(round.c1, round.c2, round.c3, round.c4);
    assertThat(list("?status=LAPSED&size=200", "observer").path("items")).noneMatch(item -> item.path("roundId").asText().equals(round.id));
  }

  @ParameterizedTest
  @CsvSource({
    "side=EU, side",
    "status=DONE, status",
    "status=PROPOSED, status",
    "dueBefore=2025-13-01, dueBefore",
    "dueBefore=2025-05-14T00:00:00Z, dueBefore",
    "dueAfter=tomorrow, dueAfter",
    "dueAfter=2025-06-01&dueBefore=2025-06-01, dueAfter",
    "page=-1, page",
    "page=first, page",
    "size=0, size",
    "size=201, size",
    "size=ten, size",
    "sied=US, sied",
    "dueBefore=2025-06-01&dueBefore=2025-07-01, dueBefore"
  })
  void aBadFilterAnswers400NamingTheField(String query, String field) throws Exception {
    HttpResponse<String> response = http.get("/api/v1/commitments?" + query, "observer");

    assertThat(response.statusCode()).isEqualTo(400);
    assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
    JsonNode problem = json.readTree(response.body());
    assertThat(problem.path("field").asText()).isEqualTo(field);
    assertThat(problem.path("status").asInt()).isEqualTo(400);
    assertThat(problem.path("detail").asText()).contains("'" + field + "'");
  }

  @Test
  void everyBadFilterIsListedAndAnUnknownParameterIsNamedAsSuch() throws Exception {
    JsonNode several = json.readTree(http.get("/api/v1/commitments?side=EU&status=LATE&size=0", "observer").body());
    JsonNode unknown = json.readTree(http.get("/api/v1/commitments?owner=US", "observer").body());

    assertThat(several.path("field").asText()).isEqualTo("side");
    assertThat(several.path("fields").fieldNames()).toIterable().containsExactlyInAnyOrder("side", "status", "size");
    assertThat(several.path("type").asText()).endsWith("/invalid-input");
    assertThat(unknown.path("field").asText()).isEqualTo("owner");
    assertThat(unknown.path("type").asText()).endsWith("/unknown-parameter");
    assertThat(unknown.path("detail").asText()).contains("side", "status", "dueBefore", "dueAfter", "roundId", "page", "size");
  }

  @Test
  void withoutLoginTheAnswerIs401AndOutsideTheMechanismsGroups403() {
    HttpResponse<String> anonymous = http.get("/api/v1/commitments", null);
    assertThat(anonymous.statusCode()).isEqualTo(401);
    assertThat(anonymous.headers().firstValue("Content-Type")).hasValue("application/problem+json");
    assertThat(anonymous.body()).doesNotContain("items");

    String outsider = "outsider-" + UUID.randomUUID().toString().substring(0, 8);
    User user = engine.getIdentityService().newUser(outsider);
    user.setPassword(Http.DEMO_PASSWORD);
    engine.getIdentityService().saveUser(user);
    HttpResponse<String> forbidden = http.get("/api/v1/commitments", outsider);

    assertThat(forbidden.statusCode()).isEqualTo(403);
    assertThat(forbidden.headers().firstValue("Content-Type")).hasValue("application/problem+json");
  }

  @Test
  void oneCommitmentIsShownWithItsStatusHistoryAndAnUnknownOrProposedOneIsNotFound() throws Exception {
    ProcessInstance followUp = driver.follow("CN", "Suspend the non-tariff countermeasures", LocalDate.now(ZoneOffset.UTC).plusDays(3), null, null);
    driver.fireTimer(followUp, CommitmentProcess.TIMER_REMINDER_DATE);
    String proposed = driver.commitment(driver.round(), 1, "US", "Not agreed yet", GENEVA, null, null, "PROPOSED");

    HttpResponse<String> response = http.get("/api/v1/commitments/" + followUp.getBusinessKey(), "us-colead");

    assertThat(response.statusCode()).isEqualTo(200);
    JsonNode body = json.readTree(response.body());
    assertThat(body.path("commitment").path("status").asText()).isEqualTo("DUE_SOON");
    assertThat(body.path("commitment").path("implementation").isNull()).isTrue();
    assertThat(body.path("statusHistory")).extracting(change -> change.path("status").asText()).containsExactly("PENDING", "DUE_SOON");
    for (String id : List.of("R-NOPE-S1-C1", proposed)) {
      HttpResponse<String> missing = http.get("/api/v1/commitments/" + id, "observer");
      assertThat(missing.statusCode()).isEqualTo(404);
      assertThat(missing.headers().firstValue("Content-Type")).hasValue("application/problem+json");
    }
  }

  // ---- fixtures

  /** The ids of a round with four agreed commitments (and one still proposed, never listed). */
  record Round(String id, String c1, String c2, String c3, String c4) {}

  private Round roundWithFourCommitments() {
    String roundId = driver.round();
    String c1 = driver.commitment(roundId, 1, "US", "Suspend 24 points of the additional tariff", GENEVA, GENEVA, LocalDate.parse("2025-11-10"), "IN_PERIOD");
    String c2 = driver.commitment(roundId, 2, "CN", "Suspend 24 points of the additional tariff", GENEVA, null, null, "CLOSED");
    String c3 = driver.commitment(roundId, 3, "BOTH", "Hold the next round", LocalDate.parse("2025-06-01"), null, null, "OVERDUE");
    String c4 = driver.commitment(roundId, 4, "US", "Review export controls", LocalDate.parse("2025-07-01"), null, null, "PENDING");
    driver.commitment(roundId, 5, "CN", "Still under negotiation", GENEVA, null, null, "PROPOSED");
    OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
    jdbc.sql("insert into commitment_period values (:id, 1, '2025-05-14', '2025-08-12', 'system', :now)").param("id", c1).param("now", now).update();
    jdbc.sql("insert into commitment_period values (:id, 2, '2025-08-13', '2025-11-10', 'us-secretary', :now)").param("id", c1).param("now", now).update();
    return new Round(roundId, c1, c2, c3, c4);
  }

  private JsonNode list(String query, String user) throws Exception {
    HttpResponse<String> response = http.get("/api/v1/commitments" + query, user);
    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    assertThat(response.headers().firstValue("Content-Type")).hasValue("application/json");
    return json.readTree(response.body());
  }

  private static List<String> ids(JsonNode page) {
    List<String> ids = new ArrayList<>();
    page.path("items").forEach(item -> ids.add(item.path("id").asText()));
    return ids;
  }
}
