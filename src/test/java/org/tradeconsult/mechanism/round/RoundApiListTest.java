package org.tradeconsult.mechanism.round;

import static org.assertj.core.api.Assertions.assertThat;
import static org.tradeconsult.mechanism.round.RoundApiRequests.ROUNDS;
import static org.tradeconsult.mechanism.round.RoundApiRequests.START;
import static org.tradeconsult.mechanism.round.RoundApiRequests.post;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.tradeconsult.mechanism.support.Http;
import org.tradeconsult.mechanism.support.ServiceTest;

/** {@code GET /api/v1/rounds}: filters, text search, order and pages, over rounds started through the API. */
@ServiceTest
class RoundApiListTest {

  @LocalServerPort int port;
  @Autowired ObjectMapper json;
  Http http;

  String marker;
  String alpha;
  String beta;
  String gamma;
  String delta;
  String epsilon;

  @BeforeEach
  void fiveRoundsThatShareAMarker() throws Exception {
    http = new Http(port);
    marker = "list-" + UUID.randomUUID().toString().substring(0, 8);
    alpha = start("us-secretary", regular("PRINCIPAL", "Alpha " + marker, START.plusDays(1), "US"));
    beta = start("us-secretary", regular("WORKING", "Beta " + marker, START.plusDays(5), "CN"));
    gamma = start("cn-secretary", regular("DEPUTY", "Gamma " + marker, START.plusDays(3), "THIRD_COUNTRY"));
    delta = start("cn-secretary", """
        {"type": "AD_HOC", "requestingSide": "CN", "reason": "Delta %s: 100%%_sure"}""".formatted(marker));
    epsilon = start("us-secretary", regular("DEPUTY", "Epsilon " + marker, START.plusDays(3), "US"));
    assertThat(http.postJson(ROUNDS + "/" + epsilon + "/cancel", "cn-secretary", "{\"reason\": \"Merged\"}").statusCode()).isEqualTo(200);
  }

  @Test
  void eachFilterNarrowsTheRoundsThatMatchTheText() throws Exception {
    assertThat(ids("")).containsExactlyInAnyOrder(alpha, beta, gamma, delta, epsilon);
    assertThat(ids("&status=CANCELLED")).containsExactly(epsilon);
    assertThat(ids("&status=preparing,cancelled")).containsExactlyInAnyOrder(alpha, beta, gamma, epsilon);
    assertThat(ids("&status=PREPARING&status=AWAITING_COUNTERPART")).containsExactlyInAnyOrder(alpha, beta, gamma, delta);
    assertThat(ids("&level=DEPUTY")).containsExactlyInAnyOrder(gamma, epsilon);
    assertThat(ids("&type=AD_HOC")).containsExactly(delta);
    assertThat(ids("&host=THIRD_COUNTRY")).containsExactly(gamma);
    assertThat(ids("&host=US")).containsExactlyInAnyOrder(alpha, epsilon);
    assertThat(ids("&requestingSide=CN")).containsExactlyInAnyOrder(gamma, delta);
    assertThat(ids("&from=" + START.plusDays(3) + "&to=" + START.plusDays(5))).containsExactlyInAnyOrder(beta, gamma, epsilon);
    assertThat(ids("&from=" + START.plusDays(4))).containsExactly(beta);
    assertThat(ids("&level=DEPUTY&status=PREPARING")).containsExactly(gamma);
  }

  @Test
  void theTextMatchesTitleOrReasonInAnyCaseAndLiterally() throws Exception {
    assertThat(page("?q=" + marker.toUpperCase(Locale.ROOT)).path("total").asLong()).isEqualTo(5);
    assertThat(ids("?q=" + encode("delta " + marker))).containsExactly(delta);
    assertThat(ids("?q=" + encode(marker + ": 100%_sure"))).containsExactly(delta);
    assertThat(ids("?q=" + encode(marker + ": 100__sure"))).as("_ is no wildcard").isEmpty();
    assertThat(ids("?q=" + encode(marker + "%"))).as("% is no wildcard").isEmpty();
    assertThat(ids("?q=" + encode(marker + "' or '1'='1"))).isEmpty();
  }

  @Test
  void roundsAreSortedByAWhitelistedFieldWithTheIdBreakingTies() throws Exception {
    List<String> sameStart = Stream.of(gamma, epsilon).sorted().toList();
    List<String> byStart = new ArrayList<>(List.of(alpha));
    byStart.addAll(sameStart);
    byStart.addAll(List.of(beta, delta));
    assertThat(ids("&sort=startDate,asc")).as("no date last").isEqualTo(byStart);

    List<String> byStartDescending = new ArrayList<>(List.of(beta));
    byStartDescending.addAll(sameStart);
    byStartDescending.addAll(List.of(alpha, delta));
    assertThat(ids("&sort=startDate,desc")).isEqualTo(byStartDescending);

    assertThat(ids("")).as("newest first by default").containsExactly(epsilon, delta, gamma, beta, alpha);
    assertThat(ids("&sort=title")).containsExactly(delta, alpha, beta, epsilon, gamma);
    List<String> byLevelCodeThenStart = new ArrayList<>(List.of(beta, alpha, delta));
    byLevelCodeThenStart.addAll(sameStart);
    assertThat(ids("&sort=level,desc&sort=startDate")).as("codes sort alphabetically").isEqualTo(byLevelCodeThenStart);
  }

  @Test
  void pagesCoverEveryRoundOnceAndCarryTheTotal() throws Exception {
    List<String> all = ids("&sort=startDate,asc");
    List<String> paged = new ArrayList<>();
    for (int page = 0; page < 3; page++) {
      JsonNode body = page("?q=" + marker + "&sort=startDate,asc&size=2&page=" + page);
      assertThat(body.path("total").asLong()).isEqualTo(5);
      assertThat(body.path("page").asInt()).isEqualTo(page);
      assertThat(body.path("size").asInt()).isEqualTo(2);
      body.path("items").forEach(item -> paged.add(item.path("id").asText()));
    }
    assertThat(paged).isEqualTo(all);
    assertThat(page("?q=" + marker + "&size=2&page=3").path("items")).isEmpty();
    assertThat(page("?q=" + marker).path("size").asInt()).isEqualTo(20);
  }

  @Test
  void aListItemCarriesWhatADashboardShows() throws Exception {
    JsonNode item = page("?q=" + encode("Alpha " + marker)).path("items").get(0);

    assertThat(item.path("id").asText()).isEqualTo(alpha);
    assertThat(item.path("type").asText()).isEqualTo("REGULAR");
    assertThat(item.path("level").asText()).isEqualTo("PRINCIPAL");
    assertThat(item.path("conveningSide").asText()).isEqualTo("US");
    assertThat(item.path("status").asText()).isEqualTo("PREPARING");
    assertThat(item.path("awaitedSides").toString()).isEqualTo("[\"US\"]");
    assertThat(item.path("startDate").asText()).isEqualTo(START.plusDays(1).toString());
    assertThat(item.path("createdBy").asText()).isEqualTo("us-secretary");
    assertThat(http.get(ROUNDS, null).statusCode()).isEqualTo(401);
  }

  private List<String> ids(String moreQuery) throws Exception {
    String query = moreQuery.startsWith("?") ? moreQuery : "?q=" + marker + moreQuery;
    List<String> ids = new ArrayList<>();
    page(query + "&size=200").path("items").forEach(item -> ids.add(item.path("id").asText()));
    return ids;
  }

  private JsonNode page(String query) throws Exception {
    HttpResponse<String> response = http.get(ROUNDS + query, "observer");
    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    return json.readTree(response.body());
  }

  private String start(String user, String body) throws Exception {
    HttpResponse<String> response = post(http, user, body);
    assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
    return json.readTree(response.body()).path("round").path("id").asText();
  }

  private static String regular(String level, String title, LocalDate start, String host) {
    return """
        {"type": "REGULAR", "level": "%s", "title": "%s", "startDate": "%s", "endDate": "%s", "requestedHost": "%s"}"""
        .formatted(level, title, start, start.plusDays(1), host);
  }

  private static String encode(String text) {
    return URLEncoder.encode(text, StandardCharsets.UTF_8);
  }

}
