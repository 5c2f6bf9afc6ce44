package org.tradeconsult.mechanism.round;

import static org.assertj.core.api.Assertions.assertThat;
import static org.tradeconsult.mechanism.round.RoundApiRequests.ROUNDS;
import static org.tradeconsult.mechanism.round.RoundApiRequests.START;
import static org.tradeconsult.mechanism.round.RoundApiRequests.convene;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.camunda.bpm.engine.HistoryService;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.tradeconsult.mechanism.support.Http;
import org.tradeconsult.mechanism.support.ServiceTest;

/**
 * The catalogue of refused requests to {@code /api/v1/rounds}: each answers a problem detail with
 * its status, type and, where one field is to blame, that field — and leaves nothing behind: no
 * process instance, no round, no idempotency key.
 */
@ServiceTest
class RoundApiBadRequestTest {

  static final String TYPES = "https://tradeconsult.org/problems/";
  static final LocalDate TODAY = LocalDate.now(ZoneOffset.UTC);
  /** Replaced by the id of a running round. */
  static final String RUNNING = "{running}";

  @LocalServerPort int port;
  @Autowired HistoryService historyService;
  @Autowired JdbcClient jdbc;
  @Autowired ObjectMapper json;
  Http http;
  static String runningRound;

  /** One bad request and what it must answer. */
  record Case(String name, String method, String path, String user, String contentType, String body,
              Map<String, String> headers, int status, String type, String field) {

    @Override
    public String toString() {
      return name;
    }
  }

  static Stream<Case> badRequests() {
    List<Case> cases = new ArrayList<>();
    // the body as a whole
    cases.add(post("malformed JSON", "{\"type\": \"REGULAR\", ", 400, "malformed-request", null));
    cases.add(post("empty body", "", 400, "malformed-request", null));
    cases.add(post("JSON array instead of an object", "[]", 400, "malformed-request", null));
    cases.add(post("JSON string instead of an object", "\"REGULAR\"", 400, "malformed-request", null));
    cases.add(post("trailing text after the object", body("") + " {}", 400, "malformed-request", null));
    cases.add(post("a property given twice", "{\"type\":\"REGULAR\",\"type\":\"AD_HOC\"}", 400, "malformed-request", null));
    cases.add(post("unknown property", body(", \"colour\": \"red\""), 400, "unknown-property", "colour"));
    cases.add(new Case("text/plain body", "POST", ROUNDS, "us-secretary", "text/plain", body(""), Map.of(), 415, "unsupported-media-type", null));
    cases.add(new Case("XML body", "POST", ROUNDS, "us-secretary", "application/xml", "<round/>", Map.of(), 415, "unsupported-media-type", null));
    cases.add(new Case("no content type", "POST", ROUNDS, "us-secretary", null, body(""), Map.of(), 415, "unsupported-media-type", null));
    // convened rounds, field by field
    cases.add(post("type missing", "{\"level\": \"DEPUTY\", \"title\": \"x\", \"startDate\": \"" + START + "\", \"endDate\": \"" + START + "\"}",
        400, "invalid-input", "type"));
    cases.add(post("unknown type", replace("REGULAR", "SPECIAL"), 400, "invalid-input", "type"));
    cases.add(post("level missing", replace("\"level\": \"DEPUTY\", ", ""), 400, "invalid-input", "level"));
    cases.add(post("unknown level", replace("DEPUTY", "MINISTERIAL"), 400, "invalid-input", "level"));
    cases.add(post("title missing", replace("\"title\": \"Bad request round\", ", ""), 400, "invalid-input", "title"));
    cases.add(post("blank title", replace("Bad request round", "   "), 400, "invalid-input", "title"));
    cases.add(post("title of 301 characters", replace("Bad request round", "t".repeat(301)), 400, "invalid-input", "title"));
    // control characters: refused in every free text, so that no feed can carry one
    cases.add(post("title with a bell (U+0007)", replace("Bad request round", "Bad \\u0007 round"), 400, "invalid-input", "title"));
    cases.add(post("title with an escape (U+001B)", replace("Bad request round", "Bad \\u001B[31m round"), 400, "invalid-input", "title"));
    cases.add(post("title with a NUL", replace("Bad request round", "Bad \\u0000 round"), 400, "invalid-input", "title"));
    cases.add(post("title of two lines", replace("Bad request round", "Bad\\r\\nEND:VEVENT"), 400, "invalid-input", "title"));
    cases.add(post("venue with a line break", replace("Washington", "Washington\\nD.C."), 400, "invalid-input", "venue"));
    cases.add(post("venue with a C1 control (U+0085)", replace("Washington", "Washington\\u0085"), 400, "invalid-input", "venue"));
    cases.add(post("reason with a backspace (U+0008)", body(", \"reason\": \"why\\u0008\""), 400, "invalid-input", "reason"));
    cases.add(post("reason with a lone surrogate", body(", \"reason\": \"why \\ud800\""), 400, "invalid-input", "reason"));
    cases.add(post("ad hoc title with an escape", "{\"type\": \"AD_HOC\", \"requestingSide\": \"US\", \"reason\": \"x\", "
        + "\"title\": \"\\u001B[2J\"}", 400, "invalid-input", "title"));
    cases.add(post("title as an object", replace("\"Bad request round\"", "{\"en\": \"x\"}"), 400, "invalid-input", "title"));
    cases.add(post("start date missing", replace("\"startDate\": \"" + START + "\", ", ""), 400, "invalid-input", "startDate"));
    cases.add(post("start date not a date", replace(START.toString(), "12/05/2027"), 400, "invalid-input", "startDate"));
    cases.add(post("start date in the past", replace("\"startDate\": \"" + START + "\"", "\"startDate\": \"" + TODAY.minusDays(1) + "\""),
        400, "invalid-input", "startDate"));
    cases.add(post("end date missing", replace(", \"endDate\": \"" + START.plusDays(1) + "\"", ""), 400, "invalid-input", "endDate"));
    cases.add(post("end date before start date", replace(START.plusDays(1).toString(), START.minusDays(2).toString()), 400, "invalid-input", "endDate"));
    cases.add(post("unknown requested host", replace("\"US\"", "\"FR\""), 400, "invalid-input", "requestedHost"));
    cases.add(post("venue of 301 characters", replace("Washington", "v".repeat(301)), 400, "invalid-input", "venue"));
    cases.add(post("reason of 4001 characters", body(", \"reason\": \"" + "r".repeat(4001) + "\""), 400, "invalid-input", "reason"));
    cases.add(post("topic not in the catalogue", replace("\"TARIFFS\"", "\"WEATHER\""), 400, "invalid-input", "topics"));
    cases.add(post("topics as text, not a list", replace("[\"TARIFFS\", \"EXPORT_CONTROLS\"]", "\"TARIFFS\""), 400, "invalid-input", "topics"));
    cases.add(post("endorsement flag not a boolean", body(", \"leadersEndorsementRequired\": \"perhaps\""), 400, "invalid-input",
        "leadersEndorsementRequired"));
    cases.add(post("requesting side on a convened round", body(", \"requestingSide\": \"CN\""), 400, "invalid-input", "requestingSide"));
    cases.add(post("several fields wrong at once names the first", "{\"type\": \"REGULAR\"}", 400, "invalid-input", "level"));
    // ad-hoc requests
    cases.add(post("ad hoc without requesting side", "{\"type\": \"AD_HOC\", \"reason\": \"x\"}", 400, "invalid-input", "requestingSide"));
    cases.add(post("ad hoc for an unknown side", "{\"type\": \"AD_HOC\", \"requestingSide\": \"EU\", \"reason\": \"x\"}", 400, "invalid-input",
        "requestingSide"));
    cases.add(post("ad hoc without reason", "{\"type\": \"AD_HOC\", \"requestingSide\": \"US\"}", 400, "invalid-input", "reason"));
    cases.add(post("ad hoc with an end date but no start date",
        "{\"type\": \"AD_HOC\", \"requestingSide\": \"US\", \"reason\": \"x\", \"endDate\": \"" + START + "\"}", 400, "invalid-input", "startDate"));
    cases.add(post("ad hoc with urgent not a boolean", "{\"type\": \"AD_HOC\", \"requestingSide\": \"US\", \"reason\": \"x\", \"urgent\": \"very\"}",
        400, "invalid-input", "urgent"));
    // idempotency key
    cases.add(new Case("idempotency key of 101 characters", "POST", ROUNDS, "us-secretary", "application/json", body(""),
        Map.of("Idempotency-Key", "k".repeat(101)), 400, "invalid-input", "Idempotency-Key"));
    cases.add(new Case("blank idempotency key", "POST", ROUNDS, "us-secretary", "application/json", body(""),
        Map.of("Idempotency-Key", " "), 400, "invalid-input", "Idempotency-Key"));
    // who may start
    cases.add(new Case("U.S. secretary requests for China", "POST", ROUNDS, "us-secretary", "application/json",
        "{\"type\": \"AD_HOC\", \"requestingSide\": \"CN\", \"reason\": \"Pretending\"}", Map.of(), 403, "forbidden", null));
    cases.add(postAs("observer convenes", "observer", 403, "forbidden"));
    cases.add(postAs("co-lead convenes", "us-colead", 403, "forbidden"));
    cases.add(postAs("administrator convenes", "admin", 403, "forbidden"));
    cases.add(postAs("no credentials", null, 401, "about:blank"));
    // an unknown user: a wrong password of a real one would make the engine throttle that user's next logins
    cases.add(new Case("unknown user", "POST", ROUNDS, "nobody:demo", "application/json", body(""), Map.of(), 401, "about:blank", null));
    // listing
    cases.add(get("unknown status filter", "?status=FINISHED", 400, "invalid-input", "status"));
    cases.add(get("empty code in a status list", "?status=PREPARING,,IN_SESSION", 400, "invalid-input", "status"));
    cases.add(get("unknown level filter", "?level=MINISTERIAL", 400, "invalid-input", "level"));
    cases.add(get("unknown type filter", "?type=SPECIAL", 400, "invalid-input", "type"));
    cases.add(get("unknown host filter", "?host=MARS", 400, "invalid-input", "host"));
    cases.add(get("unknown requesting side", "?requestingSide=EU", 400, "invalid-input", "requestingSide"));
    cases.add(get("from not a date", "?from=yesterday", 400, "invalid-input", "from"));
    cases.add(get("to before from", "?from=2027-02-01&to=2027-01-01", 400, "invalid-input", "to"));
    cases.add(get("text of 201 characters", "?q=" + "q".repeat(201), 400, "invalid-input", "q"));
    cases.add(get("sort by a field not on the list", "?sort=reason,asc", 400, "invalid-input", "sort"));
    cases.add(get("sort in an unknown direction", "?sort=createdAt,sideways", 400, "invalid-input", "sort"));
    cases.add(get("negative page", "?page=-1", 400, "invalid-input", "page"));
    cases.add(get("page not a number", "?page=abc", 400, "invalid-input", "page"));
    cases.add(get("page size 0", "?size=0", 400, "invalid-input", "size"));
    cases.add(get("page size 201", "?size=201", 400, "invalid-input", "size"));
    cases.add(get("page given twice", "?page=1&page=2", 400, "invalid-input", "page"));
    cases.add(get("unknown parameter", "?colour=red", 400, "unknown-parameter", "colour"));
    // one round
    cases.add(get("unknown round", "/R-00000000-NOPE", 404, "round-not-found", null));
    cases.add(new Case("no such path", "GET", "/api/v1/roundz", "observer", null, null, Map.of(), 404, "not-found", null));
    cases.add(new Case("DELETE is not offered", "DELETE", ROUNDS + "/" + RUNNING, "us-secretary", null, null, Map.of(), 405,
        "method-not-allowed", null));
    // cancellation
    cases.add(cancel("cancel an unknown round", "/R-00000000-NOPE/cancel", "us-secretary", "application/json", "{\"reason\": \"x\"}",
        404, "round-not-found", null));
    cases.add(cancel("cancel without reason", "/" + RUNNING + "/cancel", "us-secretary", "application/json", "{}", 400, "invalid-input", "reason"));
    cases.add(cancel("cancel with a reason of 4001 characters", "/" + RUNNING + "/cancel", "us-secretary", "application/json",
        "{\"reason\": \"" + "r".repeat(4001) + "\"}", 400, "invalid-input", "reason"));
    cases.add(cancel("cancel with a bell in the reason", "/" + RUNNING + "/cancel", "us-secretary", "application/json",
        "{\"reason\": \"Overtaken\\u0007\"}", 400, "invalid-input", "reason"));
    cases.add(cancel("cancel with malformed JSON", "/" + RUNNING + "/cancel", "us-secretary", "application/json", "{\"reason\": ",
        400, "malformed-request", null));
    cases.add(cancel("cancel with an unknown property", "/" + RUNNING + "/cancel", "us-secretary", "application/json",
        "{\"reason\": \"x\", \"force\": true}", 400, "unknown-property", "force"));
    cases.add(cancel("cancel as text/plain", "/" + RUNNING + "/cancel", "us-secretary", "text/plain", "{\"reason\": \"x\"}",
        415, "unsupported-media-type", null));
    cases.add(cancel("cancel by an observer", "/" + RUNNING + "/cancel", "observer", "application/json", "{\"reason\": \"x\"}",
        403, "forbidden", null));
    cases.add(cancel("cancel by a co-lead", "/" + RUNNING + "/cancel", "cn-colead", "application/json", "{\"reason\": \"x\"}",
        403, "forbidden", null));
    return cases.stream();
  }

  @BeforeEach
  void setUp() throws Exception {
    http = new Http(port);
    if (runningRound == null) {
      HttpResponse<String> started = RoundApiRequests.post(http, "us-secretary", convene("Round that bad requests aim at"));
      runningRound = json.readTree(started.body()).path("round").path("id").asText();
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("badRequests")
  void aBadRequestIsRefusedWithAProblemAndChangesNothing(Case bad) throws Exception {
    Counts before = counts();

    HttpResponse<String> response = http.send(request(bad));

    assertThat(response.statusCode()).as(response.body()).isEqualTo(bad.status());
    assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
    JsonNode problem = json.readTree(response.body());
    assertThat(problem.path("status").asInt()).isEqualTo(bad.status());
    assertThat(problem.path("type").asText()).isEqualTo(bad.type().contains(":") ? bad.type() : TYPES + bad.type());
    assertThat(problem.path("detail").asText()).isNotBlank();
    if (bad.field() != null) {
      assertThat(problem.path("field").asText()).as(response.body()).isEqualTo(bad.field());
      assertThat(problem.path("fields").has(bad.field())).as(response.body()).isTrue();
    }
    assertThat(counts()).as("nothing was created").isEqualTo(before);
  }

  @Test
  void aRequestWithSeveralWrongFieldsNamesEachOfThem() throws Exception {
    HttpResponse<String> response = RoundApiRequests.post(http, "us-secretary",
        "{\"type\": \"REGULAR\", \"level\": \"HIGH\", \"endDate\": \"soon\", \"topics\": [\"WEATHER\"]}");

    JsonNode problem = json.readTree(response.body());
    assertThat(response.statusCode()).isEqualTo(400);
    assertThat(problem.path("field").asText()).isEqualTo("level");
    assertThat(problem.path("fields").properties()).extracting(Map.Entry::getKey)
        .containsExactly("level", "title", "startDate", "endDate", "topics");
    assertThat(problem.path("fields").path("endDate").asText()).contains("'soon'");
  }

  private HttpRequest request(Case bad) {
    String path = bad.path().replace(RUNNING, runningRound);
    HttpRequest.Builder request;
    if (bad.user() != null && bad.user().contains(":")) {
      String[] credentials = bad.user().split(":");
      request = http.request(path, credentials[0], credentials[1]);
    } else {
      request = http.request(path, bad.user());
    }
    if (bad.contentType() != null) {
      request.header("Content-Type", bad.contentType());
    }
    bad.headers().forEach(request::header);
    HttpRequest.BodyPublisher body = bad.body() == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(bad.body());
    return request.method(bad.method(), body).build();
  }

  private Counts counts() {
    return new Counts(
        historyService.createHistoricProcessInstanceQuery().processDefinitionKey(RoundProcess.KEY).count(),
        jdbc.sql("select count(*) from consultation_round").query(Long.class).single(),
        jdbc.sql("select count(*) from round_status_change").query(Long.class).single(),
        jdbc.sql("select count(*) from api_idempotency_key").query(Long.class).single());
  }

  /** What a refused request must not change. */
  record Counts(long processInstances, long rounds, long statusChanges, long idempotencyKeys) {}

  /** A valid convening body, with more properties appended. */
  private static String body(String more) {
    String valid = convene("Bad request round").strip();
    return valid.substring(0, valid.length() - 1) + more + "}";
  }

  private static String replace(String what, String with) {
    String valid = body("");
    if (!valid.contains(what)) {
      throw new IllegalArgumentException(what + " not in " + valid);
    }
    return valid.replaceFirst(Pattern.quote(what), Matcher.quoteReplacement(with));
  }

  private static Case post(String name, String body, int status, String type, String field) {
    return new Case(name, "POST", ROUNDS, "us-secretary", "application/json", body, Map.of("Idempotency-Key", "bad-" + name.hashCode()),
        status, type, field);
  }

  private static Case postAs(String name, String user, int status, String type) {
    return new Case(name, "POST", ROUNDS, user, "application/json", body(""), Map.of(), status, type, null);
  }

  private static Case get(String name, String query, int status, String type, String field) {
    return new Case(name, "GET", ROUNDS + query, "observer", null, null, Map.of(), status, type, field);
  }

  private static Case cancel(String name, String path, String user, String contentType, String body, int status, String type, String field) {
    return new Case(name, "POST", ROUNDS + path, user, contentType, body, Map.of(), status, type, field);
  }
}
