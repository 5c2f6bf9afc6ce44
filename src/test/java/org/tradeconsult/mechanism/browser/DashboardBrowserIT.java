package org.tradeconsult.mechanism.browser;

import static org.assertj.core.api.Assertions.assertThat;
import static org.tradeconsult.mechanism.support.RoundDriver.vars;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.camunda.bpm.engine.task.Task;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.springframework.context.ConfigurableApplicationContext;
import org.tradeconsult.mechanism.identity.CurrentUserService;
import org.tradeconsult.mechanism.round.RoundProcess;
import org.tradeconsult.mechanism.support.DemoService;
import org.tradeconsult.mechanism.support.Http;

/**
 * The status board in a real browser (Debian's Chromium): the demo rounds as an observer sees
 * them, a round started in Tasklist moving on the board while both co-leads approve it in their
 * own browser sessions, the other side's task neither offered nor completable, and hostile text
 * shown as text. The board is never reloaded by the test: it must update by itself.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class DashboardBrowserIT {

  private static final Duration ASYNC_TIMEOUT = Duration.ofSeconds(40);
  private static final String ROUND_PROCESS = "Consultation round / 经贸磋商";
  private static final String APPROVE_US = "Approve the outcome (U.S. co-lead) / 美方牵头人批准磋商成果";
  private static final String APPROVE_CN = "Approve the outcome (Chinese co-lead) / 中方牵头人批准磋商成果";
  private static final String THIRD_COUNTRY = "Third country (both sides must agree) / 第三国（须双方同意）";
  private static final String TARIFFS = "Tariffs / 关税";

  private DemoService service;
  private ConfigurableApplicationContext context;
  private String baseUrl;
  private Http http;
  private ProcessEngine engine;
  private CurrentUserService users;
  private final List<TasklistBrowser> browsers = new ArrayList<>();

  @BeforeAll
  void startTheService() {
    // the demo rounds are seeded as by ./mvnw spring-boot:run; the job executor runs
    service = DemoService.start("browser-board", true);
    context = service.context();
    baseUrl = service.baseUrl();
    http = service.http();
    engine = context.getBean(ProcessEngine.class);
    users = context.getBean(CurrentUserService.class);
  }

  @AfterEach
  void quitTheBrowsers() {
    browsers.forEach(TasklistBrowser::close);
    browsers.clear();
  }

  @AfterAll
  void stopTheService() {
    if (service != null) {
      service.close();
    }
  }

  @Test
  @Order(1)
  void anObserverSeesTheDemoRoundsOnTheBoardServedWithoutTheInternet() {
    StatusBoard board = new StatusBoard(unauthenticated("observer"), baseUrl).open();

    List<String> active = board.activeRoundIds();
    assertThat(active).as("the demo's rounds under way").hasSize(6);
    assertThat(active.stream().map(board::status)).containsExactlyInAnyOrder(
        "AWAITING_COUNTERPART", "PREPARING", "AWAITING_CO_LEAD_APPROVAL", "COMMUNICATING_OUTCOME", "IMPLEMENTING", "IMPLEMENTING");
    assertThat(board.endedRoundIds()).hasSize(1);
    assertThat(board.status(board.endedRoundIds().get(0))).isEqualTo("DECLINED");
    assertThat(board.chartCount("PREPARING")).isEqualTo(1);
    assertThat(board.chartCount("DECLINED")).isEqualTo(1);
    assertThat(board.text("#tile-active")).isEqualTo("6");
    assertThat(board.text("#releases")).contains("extension of the suspension");
    assertThat(board.text("#overdue")).contains("entity-list procedure");
    assertThat(board.script("return document.querySelectorAll('#period-chart rect').length")).isEqualTo(3L);
    assertThat(board.text("#user")).isEqualTo("Demo Observer");

    @SuppressWarnings("unchecked")
    List<String> loaded = (List<String>) board.script(
        "return performance.getEntriesByType('resource').map(e => e.name).concat([location.href])");
    assertThat(loaded).isNotEmpty().allSatisfy(url -> assertThat(url).startsWith(baseUrl + "/"));

    // the pages' Content-Security-Policy refused nothing of the login form or the board, and does refuse inline code
    assertThat(board.console()).noneMatch(message -> message.contains("Content Security Policy"));
    assertThat(board.script("""
        const inline = document.createElement('script');
        inline.textContent = 'window.inlineScriptRan = true';
        document.head.appendChild(inline);
        return window.inlineScriptRan === undefined"""))
        .as("an inline script added to the board does not run").isEqualTo(true);

    board.screenshot("board", 1400);
    board.screenshot("board-tablet", 820);
    board.script("window.scrollTo(0, 0)");
    assertThat(board.script("return document.documentElement.scrollWidth <= window.innerWidth"))
        .as("no sideways scrolling at tablet width").isEqualTo(true);
  }

  @Test
  @Order(2)
  void aRoundStartedInTasklistMovesOnTheBoardWhileBothCoLeadsApproveItInTheirOwnBrowsers() {
    LocalDate today = LocalDate.now(ZoneOffset.UTC);
    String title = "Board round " + System.nanoTime();

    TasklistBrowser us = loggedIn("us-secretary");
    us.openStartForm(ROUND_PROCESS, "start-round");
    us.select("level", "Principals / 牵头人级");
    us.type("title", title);
    us.date("startDate", today.plusDays(30));
    us.date("endDate", today.plusDays(31));
    us.select("requestedHost", THIRD_COUNTRY);
    us.type("venue", "Geneva");
    us.choose("topics", TARIFFS, true);
    us.screenshot("board-start-round");
    us.submitStartForm();
    ProcessInstance round = awaitRoundTitled(title);
    String roundId = round.getBusinessKey();

    StatusBoard secretaryBoard = new StatusBoard(us, baseUrl).open();
    secretaryBoard.awaitStatus(roundId, "PREPARING");
    assertThat(secretaryBoard.titleOf(roundId)).isEqualTo(title);
    assertThat(secretaryBoard.awaitedSides(roundId)).isEqualTo("US");
    secretaryBoard.screenshot("board-round-preparing", 1400);

    StatusBoard observer = new StatusBoard(unauthenticated("observer"), baseUrl).open();
    observer.mark();
    observer.awaitStatus(roundId, "PREPARING");

    driveToApproval(round, today.plusDays(30));
    observer.awaitStatus(roundId, "AWAITING_CO_LEAD_APPROVAL");
    assertThat(observer.awaitedSides(roundId)).isEqualTo("CN,US");

    // the Chinese co-lead is not offered the U.S. co-lead's task and cannot complete it
    Task approveUs = awaitTask(round, RoundProcess.TASK_APPROVE_OUTCOME_US);
    Task approveCn = awaitTask(round, RoundProcess.TASK_APPROVE_OUTCOME_CN);
    TasklistBrowser cnColead = loggedIn("cn-colead");
    assertThat(cnColead.groupTaskNames()).contains(APPROVE_CN).doesNotContain(APPROVE_US);
    Object refused = cnColead.driver() instanceof org.openqa.selenium.JavascriptExecutor js ? js.executeAsyncScript("""
        const done = arguments[arguments.length - 1];
        const token = document.cookie.split('; ').find(c => c.startsWith('XSRF-TOKEN=')).split('=')[1];
        fetch('/camunda/api/engine/engine/default/task/' + arguments[0] + '/submit-form', {
          method: 'POST', credentials: 'same-origin',
          headers: {'Content-Type': 'application/json', 'X-XSRF-TOKEN': token},
          body: JSON.stringify({variables: {approval: {value: 'APPROVE', type: 'String'}}})
        }).then(r => done(r.status), e => done('failed: ' + e));
        """, approveUs.getId()) : null;
    assertThat(refused).as("Tasklist's own API, in the Chinese co-lead's session").isEqualTo(403L);
    assertThat(engine.getTaskService().createTaskQuery().taskId(approveUs.getId()).count()).as("still open").isEqualTo(1);

    TasklistBrowser usColead = loggedIn("us-colead");
    usColead.openTask(APPROVE_US, approveUs.getId(), "approve-outcome");
    usColead.choose("approval", "Approve / 批准", true);
    usColead.complete();
    observer.screenshot("board-awaiting-cn", 1400);
    awaitAwaitedSides(observer, roundId, "CN");

    cnColead.openTask(APPROVE_CN, approveCn.getId(), "approve-outcome");
    cnColead.choose("approval", "Approve / 批准", true);
    cnColead.complete();
    observer.awaitStatus(roundId, "COMMUNICATING_OUTCOME");
    assertThat(observer.isMarked()).as("the board changed without a reload").isTrue();
    observer.screenshot("board-approved", 1400);
  }

  @Test
  @Order(3)
  void hostileTextOnTheBoardIsShownAsTextAndArrivesWithoutAReload() {
    StatusBoard board = new StatusBoard(unauthenticated("observer"), baseUrl).open();
    board.mark();
    String before = board.generatedAt();
    String title = "<img src=x onerror=\\\"window.boardXss=1\\\"><script>window.boardXss=2</script> & co";
    String shown = "<img src=x onerror=\"window.boardXss=1\"><script>window.boardXss=2</script> & co";
    LocalDate start = LocalDate.now(ZoneOffset.UTC).plusDays(50);
    HttpResponse<String> created = http.postJson("/api/v1/rounds", "cn-secretary", """
        {"type": "REGULAR", "level": "WORKING", "title": "%s", "startDate": "%s", "endDate": "%s",
         "requestedHost": "CN", "venue": "<b>Beijing</b>", "topics": ["TARIFFS"]}
        """.formatted(title, start, start.plusDays(1)));
    assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
    String roundId = created.headers().firstValue("Location").orElseThrow().replaceAll(".*/", "");

    assertThat(board.titleOf(roundId)).isEqualTo(shown);
    assertThat(board.script("return document.querySelectorAll('#active-rounds img, #active-rounds script, #active-rounds b').length"))
        .as("no element made of the text").isEqualTo(0L);
    assertThat(board.rowText(roundId)).contains("<b>Beijing</b>");
    assertThat(board.script("return window.boardXss === undefined")).isEqualTo(true);
    assertThat(board.generatedAt()).isNotEqualTo(before);
    assertThat(board.isMarked()).as("the round arrived without a reload").isTrue();

    // the round's detail, from GET /api/v1/rounds/{id}, shows the same text as text
    board.openDetail(roundId);
    board.awaitText("#detail-title", shown);
    assertThat(board.text("#detail-body")).contains(roundId).contains("Status history");
    assertThat(board.script("return document.querySelectorAll('#detail img, #detail script').length")).isEqualTo(0L);
    assertThat(board.script("return window.boardXss === undefined")).isEqualTo(true);
    board.screenshot("board-hostile-text", 1400);
  }

  // ---- steps through the engine, as the people whose job they are

  /** Arrangements, agenda and the session, so that the outcome awaits both co-leads. */
  private void driveToApproval(ProcessInstance round, LocalDate start) {
    complete(round, RoundProcess.TASK_PROPOSE_ARRANGEMENTS, "us-secretary",
        vars("host", "US", "venue", "Washington", "startDate", start.toString(), "endDate", start.plusDays(1).toString()));
    complete(round, RoundProcess.TASK_CONFIRM_ARRANGEMENTS, "cn-secretary", vars("arrangementsDecision", "AGREE"));
    complete(round, RoundProcess.TASK_PROPOSE_AGENDA_US, "us-secretary", vars("topics", List.of("TARIFFS"), "delegation", "USTR"));
    complete(round, RoundProcess.TASK_PROPOSE_AGENDA_CN, "cn-secretary", vars("topics", List.of("TARIFFS"), "delegation", "MOFCOM"));
    complete(round, RoundProcess.TASK_FINALISE_AGENDA, "us-secretary", vars("agenda", "Tariffs"));
    complete(round, RoundProcess.TASK_RECORD_SESSION, "us-secretary",
        vars("itemOutcomes", "Tariffs | AGREED", "outcomeForm", "SEPARATE_READOUTS", "commitments", "", "anotherSession", false));
  }

  private void complete(ProcessInstance round, String taskKey, String user, Map<String, Object> variables) {
    Task task = awaitTask(round, taskKey);
    users.asUser(user, () -> {
      engine.getTaskService().complete(task.getId(), variables);
      return null;
    });
  }

  private void awaitAwaitedSides(StatusBoard board, String roundId, String sides) {
    await("round " + roundId + " awaiting " + sides, () -> sides.equals(board.awaitedSides(roundId)) ? Boolean.TRUE : null);
  }

  private ProcessInstance awaitRoundTitled(String title) {
    return waits().roundTitled(title);
  }

  private Task awaitTask(ProcessInstance round, String taskKey) {
    return waits().task(round, taskKey);
  }

  private <T> T await(String what, Supplier<T> probe) {
    return waits().until(what, probe);
  }

  private EngineWaits waits() {
    return new EngineWaits(engine, ASYNC_TIMEOUT);
  }

  private TasklistBrowser loggedIn(String user) {
    TasklistBrowser browser = TasklistBrowser.loggedIn(baseUrl, user);
    browsers.add(browser);
    return browser;
  }

  private TasklistBrowser unauthenticated(String user) {
    TasklistBrowser browser = TasklistBrowser.unauthenticated(baseUrl, user);
    browsers.add(browser);
    return browser;
  }
}
