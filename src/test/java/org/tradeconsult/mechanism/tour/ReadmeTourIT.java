package org.tradeconsult.mechanism.tour;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.swagger.v3.parser.OpenAPIV3Parser;
import io.swagger.v3.parser.core.models.ParseOptions;
import io.swagger.v3.parser.core.models.SwaggerParseResult;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.camunda.bpm.engine.impl.util.ClockUtil;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.tradeconsult.mechanism.support.DemoService;

/**
 * The README's five-minute tour, run as a newcomer runs it on a fresh demo: the demo profile on
 * an empty database (demo users, the seeded {@code R-DEMO-…} rounds, the job executor on), the
 * tour's Tasklist steps taken over the same engine API Tasklist calls, as the same users, and then
 * <em>every</em> command of the tour's code blocks run by bash exactly as written (only the port
 * changes), each answer checked against the part the README shows after {@code # →}. A command the
 * README adds without saying what it answers fails this test, so the tour cannot rot.
 *
 * <p>The same steps in a real browser are {@code DashboardBrowserIT}'s (start from the Tasklist
 * start form, both co-leads approving while a board follows).
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ReadmeTourIT {

  static final Path README = Path.of("README.md");
  static final String EXPECT = "# → ";
  static final ObjectMapper JSON = new ObjectMapper();

  static DemoService demo;

  @BeforeAll
  static void startTheDemo() {
    demo = DemoService.start("readme-tour", true);
  }

  @AfterAll
  static void stopTheDemo() {
    if (demo != null) {
      demo.close();
    }
    ClockUtil.reset();
  }

  @Test
  @Order(1)
  void theDemoHoldsTheRoundsTheReadmeNamesInTheStatesItGives() throws Exception {
    String readme = Files.readString(README);
    assertThat(status("R-DEMO-REQUEST")).isEqualTo("AWAITING_COUNTERPART");
    assertThat(status("R-DEMO-DECLINED")).isEqualTo("DECLINED");
    assertThat(status("R-DEMO-WORKING")).isEqualTo("PREPARING");
    assertThat(status("R-DEMO-APPROVAL")).isEqualTo("AWAITING_CO_LEAD_APPROVAL");
    assertThat(status("R-DEMO-SCHEDULED")).isEqualTo("COMMUNICATING_OUTCOME");
    assertThat(status("R-DEMO-RELEASED")).isEqualTo("IMPLEMENTING");
    assertThat(status("R-DEMO-IMPLEMENTING")).isEqualTo("IMPLEMENTING");
    Matcher ids = Pattern.compile("`(R-DEMO-[A-Z]+)`").matcher(readme);
    while (ids.find()) {
      assertThat(demo.http().get("/api/v1/rounds/" + ids.group(1), "observer").statusCode()).as(ids.group(1)).isEqualTo(200);
    }

    // the dates agree with the states: what has met met in the past, what is overdue was due
    LocalDate today = LocalDate.now(ZoneOffset.UTC);
    assertThat(LocalDate.parse(round("R-DEMO-APPROVAL").path("endDate").asText())).isBefore(today);
    assertThat(LocalDate.parse(round("R-DEMO-IMPLEMENTING").path("endDate").asText())).isBefore(today);
    assertThat(LocalDate.parse(round("R-DEMO-WORKING").path("startDate").asText())).isAfter(today);
    JsonNode overdue = commitment("R-DEMO-IMPLEMENTING-S1-C2");
    assertThat(overdue.path("status").asText()).isEqualTo("OVERDUE");
    assertThat(LocalDate.parse(overdue.path("dueDate").asText())).isBefore(today);
    assertThat(commitment("R-DEMO-IMPLEMENTING-S1-C1").path("status").asText()).isEqualTo("IN_PERIOD");
    assertThat(commitment("R-DEMO-IMPLEMENTING-S1-C3").path("status").asText()).isEqualTo("PENDING");
    assertThat(commitment("R-DEMO-RELEASED-S1-C1").path("status").asText()).isEqualTo("IN_PERIOD");
    JsonNode released = JSON.readTree(demo.http().get("/api/v1/statements/R-DEMO-RELEASED-JS", null).body());
    assertThat(released.path("status").asText("RELEASED")).isEqualTo("RELEASED");
    assertThat(Instant.parse(released.path("releaseAt").asText())).isBefore(Instant.now());
  }

  @Test
  @Order(2)
  void stepOneAndTwoASecretaryStartsARoundAndBothCoLeadsApprove() throws Exception {
    // 1. us-secretary submits the start form (what Tasklist's "Start process" sends)
    String start = LocalDate.now(ZoneOffset.UTC).plusDays(30).toString();
    String end = LocalDate.now(ZoneOffset.UTC).plusDays(31).toString();
    HttpResponse<String> started = demo.http().postJson(
        "/engine-rest/process-definition/key/consultation-round/submit-form", "us-secretary", """
        {"variables": {"level": {"value": "DEPUTY"}, "title": {"value": "Tour round / 导览磋商"},
         "startDate": {"value": "%s"}, "endDate": {"value": "%s"}, "requestedHost": {"value": "US"},
         "venue": {"value": "Washington, D.C."}, "topics": {"value": "TARIFFS"},
         "leadersEndorsementRequired": {"value": false, "type": "Boolean"}}}""".formatted(start, end));
    assertThat(started.statusCode()).as(started.body()).isEqualTo(200);
    String roundId = JSON.readTree(started.body()).path("businessKey").asText();
    assertThat(status(roundId)).isEqualTo("PREPARING");

    // 2. the administrator cannot answer for a side; each co-lead approves their own side's task
    String usTask = task("R-DEMO-APPROVAL", "Task_ApproveOutcomeUS", "us-colead");
    String cnTask = task("R-DEMO-APPROVAL", "Task_ApproveOutcomeCN", "cn-colead");
    String approve = "{\"variables\": {\"approval\": {\"value\": \"APPROVE\"}}}";
    assertThat(demo.http().postJson("/engine-rest/task/" + usTask + "/submit-form", "admin", approve).statusCode()).isEqualTo(403);
    assertThat(demo.http().postJson("/engine-rest/task/" + usTask + "/submit-form", "cn-colead", approve).statusCode()).isIn(403, 404);
    assertThat(demo.http().postJson("/engine-rest/task/" + usTask + "/submit-form", "us-colead", approve).statusCode()).isEqualTo(204);
    assertThat(demo.http().postJson("/engine-rest/task/" + cnTask + "/submit-form", "cn-colead", approve).statusCode()).isEqualTo(204);

    // 3. the board: the new round preparing, the approved one communicating its outcome
    await().atMost(30, TimeUnit.SECONDS).untilAsserted(() -> {
      JsonNode board = JSON.readTree(demo.http().get("/api/v1/dashboard", "observer").body());
      List<String> rows = new ArrayList<>();
      board.path("activeRounds").forEach(r -> rows.add(r.path("id").asText() + "=" + r.path("status").asText()));
      assertThat(rows).contains(roundId + "=PREPARING", "R-DEMO-APPROVAL=COMMUNICATING_OUTCOME");
    });
  }

  @Test
  @Order(3)
  void everyCommandOfTheTourAnswersWhatTheReadmeShows() throws Exception {
    List<Command> commands = tourCommands(Files.readString(README));
    assertThat(commands).hasSizeGreaterThanOrEqualTo(10);
    for (Command command : commands) {
      String script = command.text().replace("http://localhost:8080", demo.baseUrl());
      Process bash = new ProcessBuilder("bash", "-o", "pipefail", "-c", script).redirectErrorStream(true).start();
      assertThat(bash.waitFor(60, TimeUnit.SECONDS)).as(command.text()).isTrue();
      String output = new String(bash.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      assertThat(bash.exitValue()).as(command.text() + "\n" + output).isZero();
      assertThat(output).as(command.text()).contains(command.expected());
    }
  }

  @Test
  @Order(4)
  void anAdministratorMovesTheDemoClockForwardAndTheEmbargoedStatementIsReleasedByItsTimer() throws Exception {
    JsonNode before = JSON.readTree(demo.http().get("/api/v1/demo/clock", "observer").body());
    assertThat(before.path("ahead").asText()).isEqualTo("PT0S");

    assertThat(demo.http().postJson("/api/v1/demo/clock/advance", "us-secretary", "{\"by\": \"P3D\"}").statusCode()).isEqualTo(403);
    HttpResponse<String> notADuration = demo.http().postJson("/api/v1/demo/clock/advance", "admin", "{\"by\": \"soon\"}");
    assertThat(notADuration.statusCode()).isEqualTo(400);
    assertThat(JSON.readTree(notADuration.body()).path("field").asText()).isEqualTo("by");
    HttpResponse<String> backwards = demo.http().postJson("/api/v1/demo/clock/advance", "admin", "{\"by\": \"-P1D\"}");
    assertThat(JSON.readTree(backwards.body()).path("field").asText()).isEqualTo("by");
    assertThat(demo.http().postJson("/api/v1/demo/clock/advance", "admin", "{\"by\": \"P1D\", \"to\": 1}").statusCode()).isEqualTo(400);
    assertThat(JSON.readTree(demo.http().get("/api/v1/demo/clock", "observer").body()).path("ahead").asText())
        .as("nothing refused moved the time").isEqualTo("PT0S");

    HttpResponse<String> moved = demo.http().postJson("/api/v1/demo/clock/advance", "admin", "{\"by\": \"P3D\"}");
    assertThat(moved.statusCode()).as(moved.body()).isEqualTo(200);
    assertThat(JSON.readTree(moved.body()).path("ahead").asText()).isEqualTo("PT72H");
    assertThat(Instant.parse(JSON.readTree(moved.body()).path("now").asText())).isAfter(Instant.now().plus(Duration.ofDays(2)));

    // the statement's release instant (the day after tomorrow, 13:00 UTC) has come: its own timer releases it
    await().atMost(60, TimeUnit.SECONDS).untilAsserted(() ->
        assertThat(demo.http().get("/api/v1/statements/R-DEMO-SCHEDULED-JS", null).statusCode()).isEqualTo(200));
    assertThat(demo.context().getBean(JdbcClient.class)
        .sql("select count(*) from audit_event where action = 'CLOCK_ADVANCED' and actor = 'admin'").query(Long.class).single())
        .isEqualTo(1L);
  }

  @Test
  @Order(5)
  void theDemoClockIsDescribedInAValidOpenApiDocument() {
    HttpResponse<String> docs = demo.http().get("/v3/api-docs", "observer");
    SwaggerParseResult parsed = new OpenAPIV3Parser().readContents(docs.body(), null, new ParseOptions());
    assertThat(parsed.getMessages()).isEmpty();
    assertThat(parsed.getOpenAPI().getPaths()).containsKeys("/api/v1/demo/clock", "/api/v1/demo/clock/advance");
    assertThat(parsed.getOpenAPI().getPaths().get("/api/v1/demo/clock/advance").getPost().getResponses())
        .containsKeys("200", "400", "401", "403");
  }

  /** A command of the tour and the part of its answer the README shows after it. */
  record Command(String text, String expected) {}

  /**
   * The commands of the tour's {@code bash} blocks: the lines up to each {@code # → …} line are one
   * command (a command may span lines); a block that ends with a command and no answer fails.
   */
  static List<Command> tourCommands(String readme) {
    int from = readme.indexOf("## Five-minute tour");
    assertThat(from).as("the README has a five-minute tour").isPositive();
    int to = readme.indexOf("\n## ", from + 1);
    String tour = readme.substring(from, to < 0 ? readme.length() : to);
    List<Command> commands = new ArrayList<>();
    Matcher blocks = Pattern.compile("```bash\n(.*?)```", Pattern.DOTALL).matcher(tour);
    while (blocks.find()) {
      StringBuilder command = new StringBuilder();
      for (String line : blocks.group(1).split("\n")) {
        if (line.startsWith(EXPECT)) {
          assertThat(command.toString().strip()).as("a command before " + line).isNotEmpty();
          commands.add(new Command(command.toString().strip(), line.substring(EXPECT.length())));
          command.setLength(0);
        } else {
          command.append(line).append('\n');
        }
      }
      assertThat(command.toString().strip()).as("every command says what it answers").isEmpty();
    }
    return commands;
  }

  static String status(String roundId) throws IOException {
    return round(roundId).path("status").asText();
  }

  static JsonNode round(String roundId) throws IOException {
    HttpResponse<String> response = demo.http().get("/api/v1/rounds/" + roundId, "observer");
    assertThat(response.statusCode()).as(roundId + ": " + response.body()).isEqualTo(200);
    JsonNode body = JSON.readTree(response.body());
    return body.has("round") ? body.path("round") : body;
  }

  static JsonNode commitment(String id) throws IOException {
    HttpResponse<String> response = demo.http().get("/api/v1/commitments/" + id, "observer");
    assertThat(response.statusCode()).as(id + ": " + response.body()).isEqualTo(200);
    JsonNode body = JSON.readTree(response.body());
    return body.has("commitment") ? body.path("commitment") : body;
  }

  /** The id of the open task with this key of the round, as its user's Tasklist lists it. */
  static String task(String roundId, String taskKey, String user) throws IOException {
    HttpResponse<String> tasks = demo.http().get(
        "/engine-rest/task?processInstanceBusinessKey=" + roundId + "&taskDefinitionKey=" + taskKey, user);
    JsonNode list = JSON.readTree(tasks.body());
    assertThat(list.size()).as(tasks.body()).isEqualTo(1);
    return list.get(0).path("id").asText();
  }
}
