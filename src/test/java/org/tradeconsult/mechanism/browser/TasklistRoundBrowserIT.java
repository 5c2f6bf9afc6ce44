package org.tradeconsult.mechanism.browser;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Supplier;
import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.identity.Group;
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
import org.tradeconsult.mechanism.round.RoundProcess;
import org.tradeconsult.mechanism.round.RoundService;
import org.tradeconsult.mechanism.round.RoundStatus;
import org.tradeconsult.mechanism.support.DemoService;
import org.tradeconsult.mechanism.support.Http;

/**
 * Every Camunda Form of {@code consultation-round} in Camunda Tasklist 7.24 (form-js 1.8.7), in
 * a real browser (headless Chromium), filled and completed by the demo users as people do it;
 * a screenshot of each form, filled, goes to {@code target/screenshots/<form id>[-cn].png}.
 *
 * <p>The whole service runs in this JVM on a random port with an in-memory H2 database, the demo
 * users and the job executor on, so the asynchronous joins run by themselves (the test waits for
 * them). Each person works in a browser of their own.
 *
 * <p>Run with {@code ./mvnw -B -Pbrowser verify -Dtest=NoSuchTest -Dsurefire.failIfNoSpecifiedTests=false
 * -Dit.test=TasklistRoundBrowserIT}; needs Debian's chromium, chromium-driver and fonts-wqy-microhei.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class TasklistRoundBrowserIT {

  private static final Duration ASYNC_TIMEOUT = Duration.ofSeconds(90);
  private static final String ROUND_PROCESS = "Consultation round / 经贸磋商";

  private static final String PROPOSE_ARRANGEMENTS = "Propose host, venue and dates / 提议东道方、地点和日期";
  private static final String CONFIRM_ARRANGEMENTS = "Confirm host, venue and dates / 确认东道方、地点和日期";
  private static final String PROPOSE_AGENDA_US = "Propose agenda items and delegation (U.S.) / 美方提出议题和代表团";
  private static final String PROPOSE_AGENDA_CN = "Propose agenda items and delegation (China) / 中方提出议题和代表团";
  private static final String FINALISE_AGENDA = "Finalise the agenda / 确定议程";
  private static final String RECORD_SESSION = "Record the session / 记录会谈";
  private static final String APPROVE_US = "Approve the outcome (U.S. co-lead) / 美方牵头人批准磋商成果";
  private static final String APPROVE_CN = "Approve the outcome (Chinese co-lead) / 中方牵头人批准磋商成果";
  private static final String READOUT_US = "Publish the U.S. readout / 发布美方新闻稿";
  private static final String READOUT_CN = "Publish the Chinese readout / 发布中方新闻稿";
  private static final String ANSWER_REQUEST = "Answer the ad-hoc request / 答复临时磋商请求";
  private static final String DECIDE_ESCALATED = "Decide the escalated request / 牵头人决定逾期请求";
  private static final String ENDORSEMENT_US = "Record the President's endorsement (U.S.) / 记录美方领导人认可";
  private static final String ENDORSEMENT_CN = "Record the President's endorsement (China) / 记录中方领导人认可";

  private static final String THIRD_COUNTRY = "Third country (both sides must agree) / 第三国（须双方同意）";
  private static final String TARIFFS = "Tariffs / 关税";
  private static final String EXPORT_CONTROLS = "Export controls / 出口管制";
  private static final String SUPPLY_CHAIN = "Supply-chain security / 供应链安全";
  private static final String INVESTMENT = "Investment / 投资";
  private static final String SEPARATE_READOUTS = "Separate readouts / 各自发布新闻稿";

  private DemoService service;
  private ConfigurableApplicationContext context;
  private String baseUrl;
  private Http http;
  private ProcessEngine engine;
  private RoundService rounds;
  private final Map<String, TasklistBrowser> browsers = new LinkedHashMap<>();

  @BeforeAll
  void startTheService() {
    service = DemoService.start("browser", false);
    context = service.context();
    baseUrl = service.baseUrl();
    http = service.http();
    engine = context.getBean(ProcessEngine.class);
    rounds = context.getBean(RoundService.class);
    assertThat(((org.camunda.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl) engine.getProcessEngineConfiguration())
        .getJobExecutor().isActive()).as("job executor").isTrue();
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
  }

  // ------------------------------------------------------------------ scenario A

  /**
   * The definition of done: a principal round convened from the start form and driven in
   * Tasklist by the demo users, each in their own browser, to CONCLUDED.
   */
  @Test
  @Order(1)
  void aPrincipalRoundIsConvenedAndDrivenToConcludedInTasklist() {
    LocalDate today = LocalDate.now(ZoneOffset.UTC);
    String title = "Geneva follow-up " + System.nanoTime();

    // --- us-secretary convenes from the start form
    TasklistBrowser us = browser("us-secretary");
    step(us, "start-round", () -> {
      us.openStartForm(ROUND_PROCESS, "start-round");
      assertThat(us.label("level")).isEqualTo("Level / 级别");
      us.select("level", "Principals / 牵头人级");
      us.type("title", title);
      us.date("startDate", today.plusDays(30));
      us.date("endDate", today.plusDays(31));
      us.select("requestedHost", THIRD_COUNTRY);
      us.type("venue", "Geneva");
      us.choose("topics", TARIFFS, true);
      us.choose("topics", EXPORT_CONTROLS, true);
      assertThat(us.isChecked("leadersEndorsementRequired")).as("leaders' endorsement left unchecked").isFalse();
      us.type("reason", "Follow up the Geneva joint statement / 落实日内瓦联合声明");
      assertThat(us.fieldErrors()).isEmpty();
      us.screenshot("start-round");
      us.submitStartForm();
    });
    ProcessInstance round = awaitRoundTitled(title);
    String roundId = round.getBusinessKey();
    assertThat(rounds.find(roundId).orElseThrow().leadersEndorsement()).isFalse();
    assertThat(engine.getRuntimeService().getVariable(round.getId(), "startDate")).isEqualTo(today.plusDays(30).toString());
    assertThat(engine.getRuntimeService().getVariable(round.getId(), "initiator")).isEqualTo("us-secretary");

    // --- us-secretary proposes the arrangements (venue rotation proposed the third country)
    LocalDate start = today.plusDays(35);
    LocalDate end = today.plusDays(36);
    step(us, "propose-arrangements", () -> {
      us.openTask(PROPOSE_ARRANGEMENTS, awaitTask(round, RoundProcess.TASK_PROPOSE_ARRANGEMENTS).getId(), "propose-arrangements");
      assertThat(us.value("title")).isEqualTo(title);
      assertThat(us.isReadonly("title")).isTrue();
      assertThat(us.value("hostRationale")).isNotBlank();
      assertThat(us.isReadonly("hostRationale")).isTrue();
      assertThat(us.selectText("host")).isEqualTo(THIRD_COUNTRY);
      assertThat(us.value("venue")).isEqualTo("Geneva");
      assertThat(us.dateValue("startDate")).isEqualTo(today.plusDays(30));
      us.type("venue", "Geneva, Villa La Grange");
      us.date("startDate", start);
      us.date("endDate", end);
      us.screenshot("propose-arrangements");
      us.complete();
    });
    awaitTaskGone(round, RoundProcess.TASK_PROPOSE_ARRANGEMENTS);
    assertThat(engine.getRuntimeService().getVariable(round.getId(), "startDate")).isEqualTo(start.toString());
    assertThat(engine.getRuntimeService().getVariable(round.getId(), "endDate")).isEqualTo(end.toString());

    // --- cn-secretary confirms: the readonly fields show what was proposed
    TasklistBrowser cn = browser("cn-secretary");
    step(cn, "confirm-arrangements", () -> {
      cn.openTask(CONFIRM_ARRANGEMENTS, awaitTask(round, RoundProcess.TASK_CONFIRM_ARRANGEMENTS).getId(), "confirm-arrangements");
      assertThat(cn.value("title")).isEqualTo(title);
      assertThat(cn.selectText("host")).isEqualTo(THIRD_COUNTRY);
      assertThat(cn.isReadonly("host")).isTrue();
      assertThat(cn.value("venue")).isEqualTo("Geneva, Villa La Grange");
      assertThat(cn.isReadonly("venue")).isTrue();
      assertThat(cn.dateValue("startDate")).isEqualTo(start);
      assertThat(cn.dateValue("endDate")).isEqualTo(end);
      assertThat(cn.isReadonly("startDate")).isTrue();
      assertThat(cn.isReadonly("endDate")).isTrue();
      // the counter-proposal appears only for COUNTER
      assertThat(cn.isRendered("arrangementsComment")).isFalse();
      cn.choose("arrangementsDecision", "Counter-propose / 反提议", true);
      cn.until(d -> cn.isRendered("arrangementsComment"));
      cn.choose("arrangementsDecision", "Agree / 同意", true);
      cn.until(d -> !cn.isRendered("arrangementsComment"));
      cn.screenshot("confirm-arrangements");
      cn.complete();
    });
    awaitTaskGone(round, RoundProcess.TASK_CONFIRM_ARRANGEMENTS);
    assertThat(rounds.find(roundId).orElseThrow().startDate()).isEqualTo(start);
    assertThat(rounds.find(roundId).orElseThrow().venue()).isEqualTo("Geneva, Villa La Grange");

    // --- each side proposes its agenda: the checklist's options come from topicCatalogue
    step(cn, "propose-agenda-cn", () -> {
      cn.openTask(PROPOSE_AGENDA_CN, awaitTask(round, RoundProcess.TASK_PROPOSE_AGENDA_CN).getId(), "propose-agenda");
      Map<String, Boolean> topics = cn.options("topics");
      assertThat(topics).hasSize(10).containsEntry(TARIFFS, true).containsEntry(EXPORT_CONTROLS, true).containsEntry(INVESTMENT, false);
      cn.choose("topics", INVESTMENT, true);
      cn.type("agendaItems", "Rare earths export licences / 稀土出口许可\nTariff suspension / 暂停加征关税");
      cn.type("delegation", "何立峰 — 国务院副总理\n李成钢 — 商务部国际贸易谈判代表");
      cn.screenshot("propose-agenda-cn");
      cn.complete();
    });
    step(us, "propose-agenda", () -> {
      us.openTask(PROPOSE_AGENDA_US, awaitTask(round, RoundProcess.TASK_PROPOSE_AGENDA_US).getId(), "propose-agenda");
      assertThat(us.options("topics")).containsEntry(TARIFFS, true).containsEntry(EXPORT_CONTROLS, true);
      us.choose("topics", SUPPLY_CHAIN, true);
      us.type("agendaItems", "Tariff suspension\nFentanyl cooperation");
      us.type("delegation", "Scott Bessent — Secretary of the Treasury\nJamieson Greer — U.S. Trade Representative");
      us.screenshot("propose-agenda");
      us.complete();
    });

    // --- the join runs on the job executor; then the convening side finalises
    step(us, "finalise-agenda", () -> {
      us.openTask(FINALISE_AGENDA, awaitTask(round, RoundProcess.TASK_FINALISE_AGENDA).getId(), "finalise-agenda");
      assertThat(checked(us.options("topicsUS"))).containsExactlyInAnyOrder(TARIFFS, EXPORT_CONTROLS, SUPPLY_CHAIN);
      assertThat(checked(us.options("topicsCN"))).containsExactlyInAnyOrder(TARIFFS, EXPORT_CONTROLS, INVESTMENT);
      assertThat(us.isReadonly("topicsUS")).isTrue();
      assertThat(us.value("delegationCN")).contains("何立峰");
      assertThat(us.value("agendaItemsUS")).contains("Fentanyl cooperation");
      us.type("agenda", "Tariffs / 关税\nExport controls / 出口管制");
      us.screenshot("finalise-agenda");
      us.complete();
    });

    step(us, "record-session", () -> {
      us.openTask(RECORD_SESSION, awaitTask(round, RoundProcess.TASK_RECORD_SESSION).getId(), "record-session");
      assertThat(us.value("agenda")).isEqualTo("Tariffs / 关税\nExport controls / 出口管制");
      us.type("itemOutcomes", "Tariffs / 关税 | AGREED\nExport controls / 出口管制 | DEFERRED");
      us.choose("outcomeForm", SEPARATE_READOUTS, true);
      assertThat(us.value("commitments")).isEmpty();
      assertThat(us.isChecked("anotherSession")).isFalse();
      us.screenshot("record-session");
      us.complete();
    });

    // --- each co-lead approves for their side; the Chinese co-lead never sees the U.S. task
    Task approveUs = awaitTask(round, RoundProcess.TASK_APPROVE_OUTCOME_US);
    Task approveCn = awaitTask(round, RoundProcess.TASK_APPROVE_OUTCOME_CN);
    TasklistBrowser usColead = browser("us-colead");
    step(usColead, "approve-outcome", () -> {
      usColead.openTask(APPROVE_US, approveUs.getId(), "approve-outcome");
      assertThat(usColead.value("title")).isEqualTo(title);
      assertThat(usColead.value("itemOutcomes")).contains("Tariffs / 关税 | AGREED");
      assertThat(usColead.selectText("outcomeForm")).isEqualTo(SEPARATE_READOUTS);
      assertThat(usColead.isReadonly("outcomeForm")).isTrue();
      assertThat(usColead.isRendered("rejectionReason")).isFalse();
      usColead.choose("approval", "Reject / 不批准", true);
      usColead.until(d -> usColead.isRendered("rejectionReason"));
      usColead.choose("approval", "Approve / 批准", true);
      usColead.until(d -> !usColead.isRendered("rejectionReason"));
      usColead.screenshot("approve-outcome");
      usColead.complete();
    });
    TasklistBrowser cnColead = browser("cn-colead");
    step(cnColead, "approve-outcome-cn", () -> {
      List<String> visible = cnColead.groupTaskNames();
      assertThat(visible).contains(APPROVE_CN).doesNotContain(APPROVE_US);
      cnColead.openTask(APPROVE_CN, approveCn.getId(), "approve-outcome");
      cnColead.choose("approval", "Approve / 批准", true);
      cnColead.screenshot("approve-outcome-cn");
      cnColead.complete();
    });

    // --- separate readouts, each with its publication instant (date and time pickers)
    step(us, "publish-readout", () -> {
      us.openTask(READOUT_US, awaitTask(round, RoundProcess.TASK_PUBLISH_READOUT_US).getId(), "publish-readout");
      assertThat(us.value("itemOutcomes")).contains("Export controls / 出口管制 | DEFERRED");
      us.type("readoutText", "Readout of the U.S. delegation: productive talks in Geneva.");
      us.date("publishedAt", today);
      us.time("publishedAt", "14:30");
      us.screenshot("publish-readout");
      us.complete();
    });
    step(cn, "publish-readout-cn", () -> {
      cn.openTask(READOUT_CN, awaitTask(round, RoundProcess.TASK_PUBLISH_READOUT_CN).getId(), "publish-readout");
      cn.type("readoutText", "中方新闻稿：双方在日内瓦进行了坦诚、深入、具有建设性的会谈。");
      cn.date("publishedAt", today);
      cn.time("publishedAt", "15:00");
      cn.screenshot("publish-readout-cn");
      cn.complete();
    });

    awaitStatus(roundId, RoundStatus.CONCLUDED);
    HttpResponse<String> view = http.get("/api/v1/rounds/" + roundId, "observer");
    assertThat(view.statusCode()).isEqualTo(200);
    assertThat(view.body()).contains("\"status\":\"CONCLUDED\"");
    JdbcClient jdbc = context.getBean(JdbcClient.class);
    assertThat(publishedAt(jdbc, roundId, "US")).isEqualTo(today.atTime(14, 30).toInstant(ZoneOffset.UTC));
    assertThat(publishedAt(jdbc, roundId, "CN")).isEqualTo(today.atTime(15, 0).toInstant(ZoneOffset.UTC));
    assertThat(engine.getRuntimeService().createProcessInstanceQuery().processInstanceId(round.getId()).count()).isZero();
  }

  // ------------------------------------------------------------------ scenario B

  /** An ad-hoc request by message; the counterpart declines it in Tasklist, first without a reason. */
  @Test
  @Order(2)
  void anAdHocRequestIsAnsweredInTasklistAndADeclineNeedsAReason() {
    String title = "Ad-hoc request " + System.nanoTime();
    ProcessInstance round = requestAdHocRound(title, "Export controls on rare earths need urgent talks / 稀土出口管制需紧急磋商");
    String roundId = round.getBusinessKey();
    Task answer = awaitTask(round, RoundProcess.TASK_ANSWER_AD_HOC_REQUEST);

    TasklistBrowser cn = browser("cn-secretary");
    step(cn, "answer-adhoc-request", () -> {
      cn.openTask(ANSWER_REQUEST, answer.getId(), "answer-adhoc-request");
      assertThat(cn.value("title")).isEqualTo(title);
      assertThat(cn.isReadonly("title")).isTrue();
      assertThat(cn.selectText("requestingSide")).isEqualTo("United States / 美方");
      assertThat(cn.isReadonly("requestingSide")).isTrue();
      assertThat(cn.value("reason")).isEqualTo("Export controls on rare earths need urgent talks / 稀土出口管制需紧急磋商");
      assertThat(cn.isReadonly("reason")).isTrue();
      assertThat(cn.isChecked("urgent")).isFalse();
      assertThat(cn.isReadonly("urgent")).as("the counterpart cannot change the requester's urgency").isTrue();
      assertThat(cn.dateValue("startDate")).isNull();
      assertThat(cn.isReadonly("startDate")).isTrue();
      assertThat(cn.isRendered("declineReason")).isFalse();
      cn.choose("decision", "Decline / 拒绝", true);
      cn.until(d -> cn.isRendered("declineReason"));
      cn.screenshot("answer-adhoc-request-without-reason");

      String refusal = cn.completeExpectingError();
      assertThat(refusal).contains("Field 'declineReason' is required when the request is declined");
      assertThat(engine.getTaskService().createTaskQuery().taskId(answer.getId()).count()).as("the task stays open").isOne();
      cn.screenshot("answer-adhoc-request-refused");

      cn.type("declineReason", "Our delegation meets at the regular round next month. / 我方将在下月例行磋商中讨论。");
      cn.screenshot("answer-adhoc-request");
      cn.complete();
    });
    awaitStatus(roundId, RoundStatus.DECLINED);
  }

  // ------------------------------------------------------------------ scenario C

  /** The forms not reached above: an escalated request, and the leaders' endorsement. */
  @Test
  @Order(3)
  void theEscalationAndEndorsementFormsWorkInTasklist() {
    // an unanswered request, its response window elapsed: either side's co-leads see it
    String title = "Escalated request " + System.nanoTime();
    ProcessInstance escalated = requestAdHocRound(title, "Tariff truce needs an extension / 关税休战需延长");
    awaitTask(escalated, RoundProcess.TASK_ANSWER_AD_HOC_REQUEST);
    Job timer = engine.getManagementService().createJobQuery().processInstanceId(escalated.getId())
        .activityId(RoundProcess.TIMER_RESPONSE_WINDOW).timers().singleResult();
    engine.getManagementService().executeJob(timer.getId());
    Task decide = awaitTask(escalated, RoundProcess.TASK_DECIDE_ESCALATED_REQUEST);

    TasklistBrowser cnColead = browser("cn-colead");
    step(cnColead, "decide-escalated-request", () -> {
      cnColead.openTask(DECIDE_ESCALATED, decide.getId(), "decide-escalated-request");
      assertThat(cnColead.value("title")).isEqualTo(title);
      assertThat(cnColead.selectText("requestingSide")).isEqualTo("United States / 美方");
      assertThat(cnColead.value("reason")).isEqualTo("Tariff truce needs an extension / 关税休战需延长");
      assertThat(cnColead.isReadonly("reason")).isTrue();
      assertThat(cnColead.isReadonly("urgent")).isTrue();
      cnColead.choose("decision", "Accept / 接受", true);
      assertThat(cnColead.isRendered("declineReason")).isFalse();
      cnColead.screenshot("decide-escalated-request");
      cnColead.complete();
    });
    awaitTask(escalated, RoundProcess.TASK_PROPOSE_ARRANGEMENTS);
    assertThat(rounds.find(escalated.getBusinessKey()).orElseThrow().status()).isEqualTo(RoundStatus.PREPARING);

    // a round whose outcome needs the leaders' endorsement, driven there by the Java API
    ProcessInstance endorsed = roundAwaitingEndorsement("Endorsed round " + System.nanoTime());
    Task endorseUs = awaitTask(endorsed, RoundProcess.TASK_RECORD_ENDORSEMENT_US);
    Task endorseCn = awaitTask(endorsed, RoundProcess.TASK_RECORD_ENDORSEMENT_CN);
    assertThat(rounds.find(endorsed.getBusinessKey()).orElseThrow().status()).isEqualTo(RoundStatus.AWAITING_LEADERS);

    TasklistBrowser us = browser("us-secretary");
    step(us, "record-endorsement", () -> {
      us.openTask(ENDORSEMENT_US, endorseUs.getId(), "record-endorsement");
      assertThat(us.value("itemOutcomes")).isEqualTo("Tariffs | AGREED");
      assertThat(us.isReadonly("itemOutcomes")).isTrue();
      assertThat(us.selectText("outcomeForm")).isEqualTo(SEPARATE_READOUTS);
      us.choose("endorsement", "Endorsed / 已认可", true);
      us.screenshot("record-endorsement");
      us.complete();
    });
    TasklistBrowser cn = browser("cn-secretary");
    step(cn, "record-endorsement-cn", () -> {
      cn.openTask(ENDORSEMENT_CN, endorseCn.getId(), "record-endorsement");
      cn.choose("endorsement", "Endorsed / 已认可", true);
      cn.screenshot("record-endorsement-cn");
      cn.complete();
    });
    awaitTask(endorsed, RoundProcess.TASK_PUBLISH_READOUT_US);
    assertThat(rounds.find(endorsed.getBusinessKey()).orElseThrow().status()).isEqualTo(RoundStatus.COMMUNICATING_OUTCOME);
  }

  // ------------------------------------------------------------------ the login page

  /**
   * Tasklist's login page asks {@code GET /camunda-welcome}; if that answers 401 with {@code
   * WWW-Authenticate: Basic}, the browser opens its own credentials dialog over the login page
   * and the page gets no keystroke (a person has to cancel a dialog they do not understand
   * first). The service answers that path 404, so the page takes the keys as it should.
   */
  @Test
  @Order(4)
  void theTasklistLoginPageDoesNotOpenTheBrowsersBasicAuthDialog() {
    HttpResponse<String> welcome = http.get("/camunda-welcome", null);
    assertThat(welcome.statusCode()).as("GET /camunda-welcome without login").isEqualTo(404);
    assertThat(welcome.headers().firstValue("WWW-Authenticate")).as("no Basic challenge").isEmpty();
    try (TasklistBrowser browser = TasklistBrowser.unauthenticated(baseUrl, "nobody")) {
      browser.openLoginPage();
      TasklistBrowser.sleep(3000);
      assertThat(browser.typeUserName())
          .as("what the login page's user name field holds after typing; GET /camunda-welcome answered %s with WWW-Authenticate: %s",
              welcome.statusCode(), welcome.headers().firstValue("WWW-Authenticate").orElse("(none)"))
          .isEqualTo("nobody");
    }
  }

  // ------------------------------------------------------------------ helpers

  private TasklistBrowser browser(String user) {
    return browsers.computeIfAbsent(user, u -> TasklistBrowser.loggedIn(baseUrl, u));
  }

  /** Runs a step in a browser; on failure keeps a screenshot and the page of it. */
  private static void step(TasklistBrowser browser, String name, Runnable action) {
    try {
      action.run();
    } catch (RuntimeException | AssertionError e) {
      browser.saveEvidence(name + "-" + browser.user());
      throw e;
    }
  }

  private static Set<String> checked(Map<String, Boolean> options) {
    Set<String> checked = new TreeSet<>();
    options.forEach((label, isChecked) -> {
      if (isChecked) {
        checked.add(label);
      }
    });
    return checked;
  }

  private ProcessInstance requestAdHocRound(String title, String reason) {
    String json = """
        {"messageName": "AdHocRoundRequested", "resultEnabled": true,
         "processVariables": {
           "requestingSide": {"value": "US", "type": "String"},
           "title": {"value": "%s", "type": "String"},
           "reason": {"value": "%s", "type": "String"},
           "urgent": {"value": false, "type": "Boolean"}}}""".formatted(title, reason);
    HttpResponse<String> response = http.postJson("/engine-rest/message", "us-secretary", json);
    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    return awaitRoundTitled(title);
  }

  /** Convened by us-secretary and worked up to the leaders' endorsement through the Java API. */
  private ProcessInstance roundAwaitingEndorsement(String title) {
    LocalDate start = LocalDate.now(ZoneOffset.UTC).plusDays(40);
    Map<String, Object> variables = vars("level", "PRINCIPAL", "title", title, "startDate", start.toString(),
        "endDate", start.plusDays(1).toString(), "requestedHost", "US", "topics", List.of("TARIFFS"),
        "leadersEndorsementRequired", true);
    ProcessInstance round = as("us-secretary",
        () -> engine.getRuntimeService().startProcessInstanceByKey(RoundProcess.KEY, variables));
    complete(round, RoundProcess.TASK_PROPOSE_ARRANGEMENTS, "us-secretary",
        vars("host", "US", "venue", "Washington", "startDate", start.toString(), "endDate", start.plusDays(1).toString()));
    complete(round, RoundProcess.TASK_CONFIRM_ARRANGEMENTS, "cn-secretary", vars("arrangementsDecision", "AGREE"));
    complete(round, RoundProcess.TASK_PROPOSE_AGENDA_US, "us-secretary",
        vars("topics", List.of("TARIFFS"), "delegation", "Scott Bessent"));
    complete(round, RoundProcess.TASK_PROPOSE_AGENDA_CN, "cn-secretary",
        vars("topics", List.of("TARIFFS"), "delegation", "何立峰"));
    complete(round, RoundProcess.TASK_FINALISE_AGENDA, "us-secretary", vars("agenda", "Tariffs"));
    complete(round, RoundProcess.TASK_RECORD_SESSION, "us-secretary",
        vars("itemOutcomes", "Tariffs | AGREED", "outcomeForm", "SEPARATE_READOUTS", "commitments", "", "anotherSession", false));
    complete(round, RoundProcess.TASK_APPROVE_OUTCOME_US, "us-colead", vars("approval", "APPROVE"));
    complete(round, RoundProcess.TASK_APPROVE_OUTCOME_CN, "cn-colead", vars("approval", "APPROVE"));
    return round;
  }

  private void complete(ProcessInstance round, String taskKey, String user, Map<String, Object> variables) {
    Task task = awaitTask(round, taskKey);
    as(user, () -> {
      engine.getTaskService().complete(task.getId(), variables);
      return null;
    });
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

  private ProcessInstance awaitRoundTitled(String title) {
    return waits().roundTitled(title);
  }

  /** The open task with this key: the job executor may still be running the join before it. */
  private Task awaitTask(ProcessInstance round, String taskKey) {
    return waits().task(round, taskKey);
  }

  private void awaitTaskGone(ProcessInstance round, String taskKey) {
    waits().taskGone(round, taskKey);
  }

  private void awaitStatus(String roundId, RoundStatus status) {
    await("round " + roundId + " in status " + status,
        () -> rounds.find(roundId).orElseThrow().status() == status ? Boolean.TRUE : null);
  }

  private <T> T await(String what, Supplier<T> probe) {
    return waits().until(what, probe);
  }

  private EngineWaits waits() {
    return new EngineWaits(engine, ASYNC_TIMEOUT);
  }

  private static Instant publishedAt(JdbcClient jdbc, String roundId, String side) {
    return jdbc.sql("select published_at from round_readout where round_id = :round and side = :side")
        .param("round", roundId).param("side", side).query(OffsetDateTime.class).single().toInstant();
  }
}
