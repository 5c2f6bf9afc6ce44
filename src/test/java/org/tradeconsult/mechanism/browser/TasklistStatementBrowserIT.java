package org.tradeconsult.mechanism.browser;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.identity.Group;
import org.camunda.bpm.engine.impl.util.ClockUtil;
import org.camunda.bpm.engine.runtime.Job;
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
import org.springframework.jdbc.core.simple.JdbcClient;
import org.tradeconsult.mechanism.commitment.CommitmentProcess;
import org.tradeconsult.mechanism.round.RoundProcess;
import org.tradeconsult.mechanism.statement.StatementDigest;
import org.tradeconsult.mechanism.statement.StatementService;
import org.tradeconsult.mechanism.support.DemoService;
import org.tradeconsult.mechanism.support.Http;

/**
 * The Camunda Forms of {@code joint-statement} and {@code commitment-tracking} in Camunda Tasklist
 * 7.24 (form-js 1.8.7), in a real browser (headless Chromium), filled and completed by the demo
 * users; a screenshot of each form, filled, goes to {@code target/screenshots/<form id>[-…].png}.
 *
 * <p>The rounds are driven up to their joint statement or commitments through the engine's Java
 * API, as the demo users (the round's own forms are covered by {@link TasklistRoundBrowserIT});
 * from there people work in Tasklist. Timers are fired with {@code ManagementService.executeJob}
 * (nobody waits for their instants); the job executor runs the asynchronous joins.
 *
 * <p>Run with {@code ./mvnw -B -Pbrowser verify -Dtest=NoSuchTest -Dsurefire.failIfNoSpecifiedTests=false
 * -Dit.test=TasklistStatementBrowserIT}; needs Debian's chromium, chromium-driver and fonts-wqy-microhei.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class TasklistStatementBrowserIT {

  private static final Duration ASYNC_TIMEOUT = Duration.ofSeconds(90);
  private static final DateTimeFormatter HH_MM = DateTimeFormatter.ofPattern("HH:mm");

  private static final String SUSPENSION = "Suspend 24 percentage points of the additional ad valorem tariff for an initial 90 days";
  private static final String COUNTERMEASURES = "Suspend or remove the non-tariff countermeasures taken since 2 April 2025";

  private DemoService service;
  private ConfigurableApplicationContext context;
  private String baseUrl;
  private Http http;
  private ProcessEngine engine;
  private JdbcClient jdbc;
  private final ObjectMapper json = new ObjectMapper();
  private final Map<String, TasklistBrowser> browsers = new LinkedHashMap<>();

  @BeforeAll
  void startTheService() {
    service = DemoService.start("browser-statement", false);
    context = service.context();
    baseUrl = service.baseUrl();
    http = service.http();
    engine = context.getBean(ProcessEngine.class);
    jdbc = context.getBean(JdbcClient.class);
  }

  @AfterEach
  void quitTheBrowsers() {
    List<TasklistBrowser> open = new ArrayList<>(browsers.values());
    browsers.clear();
    for (TasklistBrowser browser : open) {
      browser.close();
    }
  }

  @AfterAll
  void stopTheService() {
    if (service != null) {
      service.close();
    }
    ClockUtil.reset();
  }

  // ------------------------------------------------------------------ scenario D

  /**
   * The definition of done for the joint statement: drafted, reviewed, scheduled and
   * signed off in Tasklist; embargoed before its instant, public in both languages after it.
   */
  @Test
  @Order(1)
  void aJointStatementIsDraftedReviewedScheduledAndSignedOffInTasklistAndReleasedAtItsInstant() {
    String title = "Joint statement round " + System.nanoTime();
    ProcessInstance round = agreedRound(title, "JOINT_STATEMENT", "");
    ProcessInstance statement = awaitStatementOf(round);
    String id = round.getBusinessKey() + "-JS";
    String en = "Joint Statement on U.S.-China Economic and Trade Meeting in Geneva. The Government of the United States of America"
        + " and the Government of the People's Republic of China ... [" + id + "]";
    String zh = "中美日内瓦经贸会谈联合声明。中华人民共和国政府和美利坚合众国政府……【" + id + "】";

    // --- each side drafts its own text
    TasklistBrowser us = browser("us-secretary");
    Task draftEn = awaitTask(statement, "Task_DraftEnglishText");
    step(us, "draft-english-text", () -> {
      us.openTask(draftEn.getName(), draftEn.getId(), "draft-english-text");
      assertThat(us.label("textEn")).isEqualTo("English text / 英文文本");
      assertThat(us.value("title")).isEqualTo(title);
      assertThat(us.isReadonly("title")).isTrue();
      assertThat(us.value("textEn")).isEmpty();
      us.type("textEn", en);
      assertThat(us.fieldErrors()).isEmpty();
      us.screenshot("draft-english-text");
      us.complete();
    });
    TasklistBrowser cn = browser("cn-secretary");
    Task draftZh = awaitTask(statement, "Task_DraftChineseText");
    step(cn, "draft-chinese-text", () -> {
      assertThat(cn.groupTaskNames()).contains(draftZh.getName()).doesNotContain(draftEn.getName());
      cn.openTask(draftZh.getName(), draftZh.getId(), "draft-chinese-text");
      assertThat(cn.value("title")).isEqualTo(title);
      cn.type("textZh", zh);
      cn.screenshot("draft-chinese-text");
      cn.complete();
    });

    // --- each side reviews the other's text (after the join, which the job executor runs)
    Task reviewEn = awaitTask(statement, "Task_ReviewEnglishText");
    step(cn, "review-statement-text", () -> {
      cn.openTask(reviewEn.getName(), reviewEn.getId(), "review-statement-text");
      assertThat(cn.value("textEn")).isEqualTo(en);
      assertThat(cn.isReadonly("textEn")).isTrue();
      assertThat(cn.isRendered("textZh")).as("only the text under review").isFalse();
      assertThat(cn.isRendered("reviewComment")).isFalse();
      cn.choose("reviewDecision", "Send back for revision / 退回修改", true);
      cn.until(d -> cn.isRendered("reviewComment"));
      cn.choose("reviewDecision", "Accept / 接受", true);
      cn.until(d -> !cn.isRendered("reviewComment"));
      cn.screenshot("review-statement-text");
      cn.complete();
    });
    Task reviewZh = awaitTask(statement, "Task_ReviewChineseText");
    step(us, "review-statement-text-us", () -> {
      us.openTask(reviewZh.getName(), reviewZh.getId(), "review-statement-text");
      assertThat(us.value("textZh")).isEqualTo(zh);
      assertThat(us.isReadonly("textZh")).isTrue();
      assertThat(us.isRendered("textEn")).isFalse();
      us.choose("reviewDecision", "Accept / 接受", true);
      us.screenshot("review-statement-text-us");
      us.complete();
    });

    // --- the convening secretariat (U.S.) agrees the release instant, a few minutes ahead
    Task schedule = awaitTask(statement, "Task_ScheduleRelease");
    Instant releaseAt = Instant.now().plus(4, ChronoUnit.MINUTES).truncatedTo(ChronoUnit.MINUTES);
    OffsetDateTime releaseUtc = releaseAt.atOffset(ZoneOffset.UTC);
    step(us, "schedule-release", () -> {
      us.openTask(schedule.getName(), schedule.getId(), "schedule-release");
      assertThat(us.value("textEn")).isEqualTo(en);
      assertThat(us.value("textZh")).isEqualTo(zh);
      assertThat(us.isReadonly("textZh")).isTrue();
      us.date("releaseAt", releaseUtc.toLocalDate());
      us.time("releaseAt", HH_MM.format(releaseUtc));
      assertThat(us.fieldErrors()).isEmpty();
      us.screenshot("schedule-release");
      us.complete();
    });
    awaitTaskGone(statement, "Task_ScheduleRelease");
    assertThat(statementRow(id).get("release_at")).isEqualTo(releaseAt);

    // --- both co-leads sign off the texts and the instant
    StatementService statements = context.getBean(StatementService.class);
    String inWashington = releaseAt.atZone(ZoneId.of("America/New_York")).format(HH_MM);
    String inBeijing = releaseAt.atZone(ZoneId.of("Asia/Shanghai")).format(HH_MM);
    for (String user : List.of("us-colead", "cn-colead")) {
      Task signOff = awaitTask(statement, user.startsWith("us") ? "Task_SignOffUS" : "Task_SignOffCN");
      TasklistBrowser colead = browser(user);
      String shot = user.startsWith("us") ? "sign-off-statement" : "sign-off-statement-cn";
      step(colead, shot, () -> {
        colead.openTask(signOff.getName(), signOff.getId(), "sign-off-statement");
        assertThat(colead.value("title")).isEqualTo(title);
        assertThat(colead.value("textEn")).isEqualTo(en);
        assertThat(colead.value("textZh")).isEqualTo(zh);
        assertThat(colead.value("releaseAt")).isEqualTo(releaseAt.toString());
        assertThat(colead.value("releaseInWashington")).isEqualTo(statements.releaseInWashington(id)).contains(inWashington);
        assertThat(colead.value("releaseInBeijing")).isEqualTo(statements.releaseInBeijing(id)).contains(inBeijing);
        for (String key : List.of("textEn", "textZh", "releaseAt", "releaseInWashington", "releaseInBeijing")) {
          assertThat(colead.isReadonly(key)).as(key + " read-only").isTrue();
        }
        assertThat(colead.isRendered("signOffComment")).isFalse();
        colead.choose("signOff", "Sign off / 签署", true);
        colead.screenshot(shot);
        colead.complete();
      });
    }

    // --- scheduled: embargoed until the instant
    Job release = await("the release timer of " + id, () -> {
      Job timer = engine.getManagementService().createJobQuery().processInstanceId(statement.getId()).timers().singleResult();
      return timer != null && "SCHEDULED".equals(statementRow(id).get("status")) ? timer : null;
    });
    assertThat(release.getDuedate().toInstant()).isEqualTo(releaseAt);
    assertThat(Instant.now()).as("the steps took less than the time to the release instant").isBefore(releaseAt);
    assertThat(http.get("/api/v1/statements/" + id, null).statusCode()).isEqualTo(404);
    assertThat(http.get("/api/v1/statements?size=200", null).body()).doesNotContain(id, en, zh);
    assertThat(http.get("/api/v1/statements/feed.atom", null).body()).doesNotContain(id, en, zh);

    // --- the instant: the job executor fires the timer. Not by hand before it: the release guard
    // refuses a release before the recorded instant (and sets the timer again). Rather than wait
    // for it, the administrator moves the demo's clock (the engine's, which the timer follows) past it.
    long toTheInstant = Math.max(60, Duration.between(Instant.now(), releaseAt).toSeconds() + 5);
    HttpResponse<String> moved = http.postJson("/api/v1/demo/clock/advance", "admin", "{\"by\":\"PT" + toTheInstant + "S\"}");
    assertThat(moved.statusCode()).as(moved.body()).isEqualTo(200);
    new EngineWaits(engine, ASYNC_TIMEOUT).until("the release of " + id + " at its instant",
        () -> "RELEASED".equals(statementRow(id).get("status")) ? Boolean.TRUE : null);
    HttpResponse<String> published = http.get("/api/v1/statements/" + id, null);
    assertThat(published.statusCode()).as(published.body()).isEqualTo(200);
    JsonNode body = read(published.body());
    assertThat(body.path("textEn").asText()).isEqualTo(en);
    assertThat(body.path("textZh").asText()).isEqualTo(zh);
    assertThat(body.path("digest").asText()).isEqualTo(StatementDigest.of(en, zh)).isEqualTo(sha256("en:" + en + "\nzh:" + zh));
    assertThat(http.get("/api/v1/statements?size=200", null).body()).contains(id);
    assertThat(http.get("/api/v1/statements/feed.atom", null).body()).contains(zh, body.path("digest").asText());
    assertThat(statementRow(id).get("status")).isEqualTo("RELEASED");
  }

  /** A scheduled release moved: proposed through the API by one side, agreed in Tasklist by the other. */
  @Test
  @Order(2)
  void aChangeOfReleaseProposedByOneSideIsAgreedInTasklistByTheOther() {
    String title = "Release change round " + System.nanoTime();
    ProcessInstance round = agreedRound(title, "JOINT_STATEMENT", "");
    ProcessInstance statement = awaitStatementOf(round);
    String id = round.getBusinessKey() + "-JS";
    Instant releaseAt = Instant.now().plus(1, ChronoUnit.DAYS).truncatedTo(ChronoUnit.SECONDS);
    complete(statement, "Task_DraftEnglishText", "us-secretary", vars("textEn", "Joint statement [" + id + "]"));
    complete(statement, "Task_DraftChineseText", "cn-secretary", vars("textZh", "联合声明【" + id + "】"));
    complete(statement, "Task_ReviewEnglishText", "cn-secretary", vars("reviewDecision", "ACCEPT"));
    complete(statement, "Task_ReviewChineseText", "us-secretary", vars("reviewDecision", "ACCEPT"));
    complete(statement, "Task_ScheduleRelease", "us-secretary", vars("releaseAt", releaseAt.toString()));
    complete(statement, "Task_SignOffUS", "us-colead", vars("signOff", "SIGN"));
    complete(statement, "Task_SignOffCN", "cn-colead", vars("signOff", "SIGN"));
    await(id + " scheduled", () -> "SCHEDULED".equals(statementRow(id).get("status")) ? Boolean.TRUE : null);

    Instant moved = releaseAt.plus(1, ChronoUnit.DAYS);
    HttpResponse<String> proposed = http.postJson("/api/v1/statements/" + id + "/release-change", "cn-secretary",
        "{\"releaseAt\":\"" + moved + "\"}");
    assertThat(proposed.statusCode()).as(proposed.body()).isEqualTo(202);

    Task agree = awaitTask(statement, "Task_AgreeReleaseChange");
    TasklistBrowser cn = browser("cn-secretary");
    step(cn, "agree-release-change-not-for-cn", () ->
        assertThat(cn.groupTaskNames()).as("the proposing side does not agree its own change").doesNotContain(agree.getName()));
    TasklistBrowser us = browser("us-secretary");
    step(us, "agree-release-change", () -> {
      us.openTask(agree.getName(), agree.getId(), "agree-release-change");
      assertThat(us.value("title")).isEqualTo(title);
      assertThat(us.value("releaseAt")).isEqualTo(releaseAt.toString());
      assertThat(us.value("proposedReleaseAt")).isEqualTo(moved.toString());
      assertThat(us.value("proposedBy")).isEqualTo("cn-secretary");
      assertThat(us.isChecked("cancelRelease")).isFalse();
      assertThat(us.isReadonly("cancelRelease")).as("the proposal cannot be changed by the side that agrees it").isTrue();
      us.choose("changeDecision", "Agree / 同意", true);
      us.screenshot("agree-release-change");
      us.complete();
    });
    awaitTaskGone(statement, "Task_AgreeReleaseChange");
    Job timer = await("the release timer at the new instant", () -> {
      Job job = engine.getManagementService().createJobQuery().processInstanceId(statement.getId()).timers().singleResult();
      return job != null && job.getDuedate().toInstant().equals(moved) ? job : null;
    });
    assertThat(timer.getDuedate().toInstant()).isEqualTo(moved);
    assertThat(statementRow(id).get("release_at")).isEqualTo(moved);
    assertThat(statementRow(id).get("status")).isEqualTo("SCHEDULED");
    assertThat(http.get("/api/v1/statements/" + id, null).statusCode()).isEqualTo(404);
  }

  /**
   * The release instant is labelled "Time (UTC)": what a secretary types is UTC, also on a
   * machine in Washington (the browser's own time zone must not shift it).
   */
  @Test
  @Order(4)
  void theReleaseInstantTypedInWashingtonIsTakenAsUtcAsTheFormSays() {
    ProcessInstance round = agreedRound("Release in UTC round " + System.nanoTime(), "JOINT_STATEMENT", "");
    ProcessInstance statement = awaitStatementOf(round);
    String id = round.getBusinessKey() + "-JS";
    complete(statement, "Task_DraftEnglishText", "us-secretary", vars("textEn", "Joint statement [" + id + "]"));
    complete(statement, "Task_DraftChineseText", "cn-secretary", vars("textZh", "联合声明【" + id + "】"));
    complete(statement, "Task_ReviewEnglishText", "cn-secretary", vars("reviewDecision", "ACCEPT"));
    complete(statement, "Task_ReviewChineseText", "us-secretary", vars("reviewDecision", "ACCEPT"));
    Task schedule = awaitTask(statement, "Task_ScheduleRelease");
    LocalDate day = LocalDate.now(ZoneOffset.UTC).plusDays(2);

    TasklistBrowser us = browsers.computeIfAbsent("us-secretary@Washington",
        u -> TasklistBrowser.loggedIn(baseUrl, "us-secretary", "America/New_York"));
    step(us, "schedule-release-washington", () -> {
      assertThat(us.timeZone()).isEqualTo("America/New_York");
      us.openTask(schedule.getName(), schedule.getId(), "schedule-release");
      us.date("releaseAt", day);
      us.time("releaseAt", "15:00");
      us.screenshot("schedule-release-washington");
      us.complete();
    });
    awaitTaskGone(statement, "Task_ScheduleRelease");
    assertThat(statementRow(id).get("release_at")).as("typed 15:00 under the label Time (UTC)")
        .isEqualTo(day.atTime(15, 0).toInstant(ZoneOffset.UTC));
  }

  // ------------------------------------------------------------------ scenario E

  /**
   * Commitments agreed by both co-leads, followed up in Tasklist: the U.S. suspension confirmed
   * and its period extended; the Chinese commitment overdue, reviewed by a co-lead, confirmed late.
   */
  @Test
  @Order(3)
  void commitmentsAreConfirmedReviewedWhenOverdueAndTheirPeriodExtendedInTasklist() {
    LocalDate today = LocalDate.now(ZoneOffset.UTC);
    LocalDate due = today.plusDays(30);
    LocalDate periodEnd = due.plusDays(89);
    ProcessInstance round = agreedRound("Commitments round " + System.nanoTime(), "SEPARATE_READOUTS",
        "US | " + SUSPENSION + " | " + due + " | " + due + " | " + periodEnd + "\nCN | " + COUNTERMEASURES + " | " + due);
    awaitTaskAndComplete(round, RoundProcess.TASK_PUBLISH_READOUT_US, "us-secretary",
        vars("readoutText", "Readout of the U.S. side", "publishedAt", today + "T08:00:00Z"));
    awaitTaskAndComplete(round, RoundProcess.TASK_PUBLISH_READOUT_CN, "cn-secretary",
        vars("readoutText", "中方新闻稿", "publishedAt", today + "T08:00:00Z"));
    String roundId = round.getBusinessKey();
    ProcessInstance suspension = awaitFollowUp(round, roundId + "-S1-C1");
    ProcessInstance countermeasures = awaitFollowUp(round, roundId + "-S1-C2");
    assertThat(statuses(roundId)).containsEntry(suspension.getBusinessKey(), "PENDING").containsEntry(countermeasures.getBusinessKey(), "PENDING");

    // --- the reminder date of the U.S. suspension: the U.S. secretariat confirms it
    fireTimer(suspension, CommitmentProcess.TIMER_REMINDER_DATE);
    Task confirm = awaitTask(suspension, CommitmentProcess.TASK_CONFIRM_IMPLEMENTATION);
    assertThat(statuses(roundId)).containsEntry(suspension.getBusinessKey(), "DUE_SOON");
    TasklistBrowser us = browser("us-secretary");
    LocalDate effective = today.plusDays(1);
    step(us, "confirm-implementation", () -> {
      us.openTask(confirm.getName(), confirm.getId(), "confirm-implementation");
      assertThat(us.value("commitmentId")).isEqualTo(suspension.getBusinessKey());
      assertThat(us.value("action")).isEqualTo(SUSPENSION);
      assertThat(us.selectText("ownerSide")).isEqualTo("United States / 美方");
      assertThat(us.dateValue("dueDate")).isEqualTo(due);
      for (String key : List.of("commitmentId", "action", "ownerSide", "dueDate")) {
        assertThat(us.isReadonly(key)).as(key + " read-only").isTrue();
      }
      us.type("implementation", "Additional duties reduced from 34% to 10% for 90 days");
      us.type("instrument", "Executive Order 14298");
      us.date("effectiveAt", effective);
      us.time("effectiveAt", "04:01"); // off the quarter hours: kept as typed (timeInterval 1)
      assertThat(us.fieldErrors()).isEmpty();
      us.screenshot("confirm-implementation");
      us.complete();
    });
    awaitTaskGone(suspension, CommitmentProcess.TASK_CONFIRM_IMPLEMENTATION);
    assertThat(jdbc.sql("select effective_at from commitment where id = :id").param("id", suspension.getBusinessKey())
        .query(OffsetDateTime.class).optional().map(OffsetDateTime::toInstant))
        .contains(effective.atTime(4, 1).toInstant(ZoneOffset.UTC));
    assertThat(statuses(roundId)).containsEntry(suspension.getBusinessKey(), "IN_PERIOD");

    // --- the Chinese commitment: reminder, then its due day passes unconfirmed
    fireTimer(countermeasures, CommitmentProcess.TIMER_REMINDER_DATE);
    awaitTask(countermeasures, CommitmentProcess.TASK_CONFIRM_IMPLEMENTATION);
    fireTimer(countermeasures, CommitmentProcess.TIMER_DUE_DATE);
    Task overdue = awaitTask(countermeasures, CommitmentProcess.TASK_REVIEW_OVERDUE_COMMITMENT);
    assertThat(statuses(roundId)).containsEntry(countermeasures.getBusinessKey(), "OVERDUE");
    TasklistBrowser usColead = browser("us-colead");
    step(usColead, "review-overdue-commitment", () -> {
      usColead.openTask(overdue.getName(), overdue.getId(), "review-overdue-commitment");
      assertThat(usColead.value("commitmentId")).isEqualTo(countermeasures.getBusinessKey());
      assertThat(usColead.value("action")).isEqualTo(COUNTERMEASURES);
      assertThat(usColead.selectText("ownerSide")).isEqualTo("China / 中方");
      assertThat(usColead.dateValue("dueDate")).isEqualTo(due);
      assertThat(usColead.isReadonly("dueDate")).isTrue();
      usColead.choose("overdueDecision", "Keep waiting for the implementation / 继续等待落实", true);
      usColead.type("overdueComment", "The Chinese side announced the measures for next week.");
      usColead.screenshot("review-overdue-commitment");
      usColead.complete();
    });
    awaitTaskGone(countermeasures, CommitmentProcess.TASK_REVIEW_OVERDUE_COMMITMENT);
    assertThat(statuses(roundId)).containsEntry(countermeasures.getBusinessKey(), "OVERDUE");

    // --- a late confirmation by the Chinese secretariat closes it
    Task lateConfirm = awaitTask(countermeasures, CommitmentProcess.TASK_CONFIRM_IMPLEMENTATION);
    TasklistBrowser cn = browser("cn-secretary");
    step(cn, "confirm-implementation-cn", () -> {
      cn.openTask(lateConfirm.getName(), lateConfirm.getId(), "confirm-implementation");
      assertThat(cn.selectText("ownerSide")).isEqualTo("China / 中方");
      cn.type("implementation", "中方暂停或取消自2025年4月2日以来采取的非关税反制措施");
      cn.type("instrument", "国务院关税税则委员会公告");
      cn.date("effectiveAt", today);
      cn.time("effectiveAt", "00:00");
      cn.screenshot("confirm-implementation-cn");
      cn.complete();
    });
    await(countermeasures.getBusinessKey() + " closed", () -> "CLOSED".equals(statuses(roundId).get(countermeasures.getBusinessKey())) ? Boolean.TRUE : null);

    // --- the suspension's period ends in 30 days: the U.S. secretariat extends it
    fireTimer(suspension, CommitmentProcess.TIMER_PERIOD_REVIEW_DATE);
    Task period = awaitTask(suspension, CommitmentProcess.TASK_REVIEW_PERIOD);
    assertThat(statuses(roundId)).containsEntry(suspension.getBusinessKey(), "PERIOD_ENDING");
    LocalDate newEnd = periodEnd.plusDays(90);
    step(us, "review-period", () -> {
      us.openTask(period.getName(), period.getId(), "review-period");
      assertThat(us.value("commitmentId")).isEqualTo(suspension.getBusinessKey());
      assertThat(us.dateValue("periodStart")).isEqualTo(due);
      assertThat(us.dateValue("periodEnd")).isEqualTo(periodEnd);
      assertThat(us.isReadonly("periodEnd")).isTrue();
      assertThat(us.isRendered("newPeriodEnd")).isFalse();
      us.choose("periodDecision", "Extend / 延期", true);
      us.until(d -> us.isRendered("newPeriodEnd"));
      us.date("newPeriodEnd", newEnd);
      us.type("periodComment", "Extended for another 90 days as agreed in Stockholm.");
      us.screenshot("review-period");
      us.complete();
    });
    awaitTaskGone(suspension, CommitmentProcess.TASK_REVIEW_PERIOD);
    await(suspension.getBusinessKey() + " in its new period", () -> "IN_PERIOD".equals(statuses(roundId).get(suspension.getBusinessKey())) ? Boolean.TRUE : null);
    JsonNode view = read(http.get("/api/v1/commitments/" + suspension.getBusinessKey(), "observer").body()).path("commitment");
    assertThat(view.path("periodEnd").asText()).as(view.toString()).isEqualTo(newEnd.toString());
    assertThat(view.path("periods")).as(view.toString()).hasSize(2);
    assertThat(view.path("implementation").path("instrument").asText()).isEqualTo("Executive Order 14298");
    assertThat(statuses(roundId)).containsOnly(Map.entry(suspension.getBusinessKey(), "IN_PERIOD"),
        Map.entry(countermeasures.getBusinessKey(), "CLOSED"));
  }

  // ------------------------------------------------------------------ helpers

  private TasklistBrowser browser(String user) {
    return browsers.computeIfAbsent(user, u -> TasklistBrowser.loggedIn(baseUrl, u));
  }

  private static void step(TasklistBrowser browser, String name, Runnable action) {
    try {
      action.run();
    } catch (RuntimeException | AssertionError e) {
      browser.saveEvidence(name + "-" + browser.user());
      throw e;
    }
  }

  /** Convened by us-secretary, worked through the Java API up to both co-leads' approval. */
  private ProcessInstance agreedRound(String title, String outcomeForm, String commitments) {
    LocalDate start = LocalDate.now(ZoneOffset.UTC).plusDays(20);
    Map<String, Object> variables = vars("level", "PRINCIPAL", "title", title, "startDate", start.toString(),
        "endDate", start.plusDays(1).toString(), "requestedHost", "US", "topics", List.of("TARIFFS"),
        "leadersEndorsementRequired", false);
    ProcessInstance round = as("us-secretary",
        () -> engine.getRuntimeService().startProcessInstanceByKey(RoundProcess.KEY, variables));
    awaitTaskAndComplete(round, RoundProcess.TASK_PROPOSE_ARRANGEMENTS, "us-secretary",
        vars("host", "THIRD_COUNTRY", "venue", "Geneva", "startDate", start.toString(), "endDate", start.plusDays(1).toString()));
    awaitTaskAndComplete(round, RoundProcess.TASK_CONFIRM_ARRANGEMENTS, "cn-secretary", vars("arrangementsDecision", "AGREE"));
    awaitTaskAndComplete(round, RoundProcess.TASK_PROPOSE_AGENDA_US, "us-secretary",
        vars("topics", List.of("TARIFFS"), "delegation", "Scott Bessent"));
    awaitTaskAndComplete(round, RoundProcess.TASK_PROPOSE_AGENDA_CN, "cn-secretary",
        vars("topics", List.of("TARIFFS"), "delegation", "何立峰"));
    awaitTaskAndComplete(round, RoundProcess.TASK_FINALISE_AGENDA, "us-secretary", vars("agenda", "Tariffs"));
    awaitTaskAndComplete(round, RoundProcess.TASK_RECORD_SESSION, "us-secretary",
        vars("itemOutcomes", "Tariffs | AGREED", "outcomeForm", outcomeForm, "commitments", commitments, "anotherSession", false));
    awaitTaskAndComplete(round, RoundProcess.TASK_APPROVE_OUTCOME_US, "us-colead", vars("approval", "APPROVE"));
    awaitTaskAndComplete(round, RoundProcess.TASK_APPROVE_OUTCOME_CN, "cn-colead", vars("approval", "APPROVE"));
    return round;
  }

  private ProcessInstance awaitStatementOf(ProcessInstance round) {
    return await("the joint statement of " + round.getBusinessKey(), () -> engine.getRuntimeService().createProcessInstanceQuery()
        .superProcessInstanceId(round.getId()).processDefinitionKey("joint-statement").singleResult());
  }

  private ProcessInstance awaitFollowUp(ProcessInstance round, String commitmentId) {
    return await("the follow-up of " + commitmentId, () -> engine.getRuntimeService().createProcessInstanceQuery()
        .processDefinitionKey(CommitmentProcess.KEY).processInstanceBusinessKey(commitmentId).singleResult());
  }

  private void awaitTaskAndComplete(ProcessInstance instance, String taskKey, String user, Map<String, Object> variables) {
    complete(instance, taskKey, user, variables);
  }

  private void complete(ProcessInstance instance, String taskKey, String user, Map<String, Object> variables) {
    Task task = awaitTask(instance, taskKey);
    as(user, () -> {
      engine.getTaskService().complete(task.getId(), variables);
      return null;
    });
  }

  private void fireTimer(ProcessInstance instance, String timerActivityId) {
    Job timer = await("timer " + timerActivityId + " of " + instance.getBusinessKey(), () -> engine.getManagementService()
        .createJobQuery().processInstanceId(instance.getId()).activityId(timerActivityId).timers().singleResult());
    engine.getManagementService().executeJob(timer.getId());
  }

  /** Commitment id → status, as {@code GET /api/v1/commitments?roundId=…} shows them to observer. */
  private Map<String, String> statuses(String roundId) {
    HttpResponse<String> response = http.get("/api/v1/commitments?roundId=" + roundId, "observer");
    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    Map<String, String> statuses = new LinkedHashMap<>();
    for (JsonNode item : read(response.body()).path("items")) {
      statuses.put(item.path("id").asText(), item.path("status").asText());
    }
    return statuses;
  }

  private Map<String, Object> statementRow(String id) {
    Map<String, Object> row = new HashMap<>();
    jdbc.sql("select status, release_at from statement where id = :id").param("id", id).query(rs -> {
      row.put("status", rs.getString("status"));
      OffsetDateTime at = rs.getObject("release_at", OffsetDateTime.class);
      row.put("release_at", at == null ? null : at.toInstant());
    });
    return row;
  }

  private JsonNode read(String body) {
    try {
      return json.readTree(body);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static String sha256(String text) {
    try {
      byte[] hash = java.security.MessageDigest.getInstance("SHA-256").digest(text.getBytes(java.nio.charset.StandardCharsets.UTF_8));
      return java.util.HexFormat.of().formatHex(hash);
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private <T> T as(String user, Supplier<T> action) {
    List<String> groups = engine.getIdentityService().createGroupQuery().groupMember(user).list().stream().map(Group::getId).toList();
    engine.getIdentityService().setAuthentication(user, groups);
    try {
      return action.get();
    } finally {
      engine.getIdentityService().clearAuthentication();
    }
  }

  private static Map<String, Object> vars(Object... keysAndValues) {
    Map<String, Object> map = new HashMap<>();
    for (int i = 0; i < keysAndValues.length; i += 2) {
      map.put((String) keysAndValues[i], keysAndValues[i + 1]);
    }
    return map;
  }

  private Task awaitTask(ProcessInstance instance, String taskKey) {
    return waits().task(instance, taskKey);
  }

  private void awaitTaskGone(ProcessInstance instance, String taskKey) {
    waits().taskGone(instance, taskKey);
  }

  private <T> T await(String what, Supplier<T> probe) {
    return waits().until(what, probe);
  }

  private EngineWaits waits() {
    return new EngineWaits(engine, ASYNC_TIMEOUT);
  }
}
