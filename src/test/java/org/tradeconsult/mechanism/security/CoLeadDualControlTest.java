package org.tradeconsult.mechanism.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.tradeconsult.mechanism.round.RoundProcess.TASK_APPROVE_OUTCOME_CN;
import static org.tradeconsult.mechanism.round.RoundProcess.TASK_APPROVE_OUTCOME_US;
import static org.tradeconsult.mechanism.round.RoundProcess.TASK_DECIDE_ESCALATED_REQUEST;
import static org.tradeconsult.mechanism.round.RoundProcess.TIMER_RESPONSE_WINDOW;
import static org.tradeconsult.mechanism.support.RoundDriver.vars;

import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.repository.ProcessDefinition;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.camunda.bpm.model.bpmn.instance.UserTask;
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
 * Dual control, complete: every user task that the models offer to a co-leads group (approvals,
 * sign-offs, the escalated request) refuses the other side's co-lead and the administrator on
 * every way a task can be completed — {@code /engine-rest} complete and submit-form, and
 * Tasklist's own API with a real webapp session. The task stays open and each attempt is in the
 * audit trail.
 */
@ServiceTest
class CoLeadDualControlTest {

  private static final Logger log = LoggerFactory.getLogger(CoLeadDualControlTest.class);

  static final String STATEMENT_KEY = "joint-statement";
  static final List<String> REFUSAL_ACTIONS = List.of("TASK_COMPLETION_REFUSED", "AUTHORIZATION_REFUSED");

  /** Who, besides the administrator, must not complete each co-lead task, and with what decision. */
  record Target(String otherSide, String variables) {}

  static final Map<String, Target> TARGETS = Map.of(
      RoundProcess.KEY + "/" + TASK_APPROVE_OUTCOME_US, new Target("cn-colead", variable("approval", "APPROVE")),
      RoundProcess.KEY + "/" + TASK_APPROVE_OUTCOME_CN, new Target("us-colead", variable("approval", "APPROVE")),
      // Either side's co-leads may close an escalated request; only the counterpart may accept it.
      // The request below comes from the U.S. side, so the U.S. co-lead is the one refused.
      RoundProcess.KEY + "/" + TASK_DECIDE_ESCALATED_REQUEST, new Target("us-colead", variable("decision", "ACCEPT")),
      STATEMENT_KEY + "/Task_SignOffUS", new Target("cn-colead", variable("signOff", "SIGN")),
      STATEMENT_KEY + "/Task_SignOffCN", new Target("us-colead", variable("signOff", "SIGN")));

  @LocalServerPort int port;
  @Autowired ProcessEngine engine;
  @Autowired RoundService rounds;
  @Autowired RoundCommandService roundCommands;
  @Autowired JdbcClient jdbc;
  @Autowired Clock clock;

  @Test
  void neitherTheOtherSideNorTheAdministratorCompletesAnyCoLeadTaskOnAnyChannel() {
    Set<String> coLeadTasks = coLeadTasksOfTheModels();
    assertThat(coLeadTasks).as("co-lead tasks in the models, each with its attackers here").isEqualTo(TARGETS.keySet());

    Map<String, String> taskIds = openEveryCoLeadTask();
    Http http = new Http(port);
    Map<String, WebappSession> tasklist = new LinkedHashMap<>();
    int attempts = 0;
    int refused = 0;
    int audited = 0;
    List<String> failures = new ArrayList<>();
    for (String key : new TreeSet<>(coLeadTasks)) {
      String taskId = taskIds.get(key);
      Target target = TARGETS.get(key);
      for (String user : List.of(target.otherSide(), "admin")) {
        for (String channel : List.of("engine-rest complete", "engine-rest submit-form", "tasklist submit-form")) {
          long refusalsBefore = refusalsOf(user);
          HttpResponse<String> answer = switch (channel) {
            case "engine-rest complete" -> http.postJson("/engine-rest/task/" + taskId + "/complete", user, target.variables());
            case "engine-rest submit-form" -> http.postJson("/engine-rest/task/" + taskId + "/submit-form", user, target.variables());
            default -> tasklist.computeIfAbsent(user, u -> WebappSession.tasklist(port, u, Http.DEMO_PASSWORD))
                .postJson(WebappSession.TASKLIST_API + "/task/" + taskId + "/submit-form", target.variables());
          };
          attempts++;
          boolean stillOpen = engine.getTaskService().createTaskQuery().taskId(taskId).count() == 1;
          boolean logged = refusalsOf(user) > refusalsBefore;
          if (answer.statusCode() == 403 && stillOpen) {
            refused++;
          } else {
            failures.add(key + " by " + user + " via " + channel + ": " + answer.statusCode() + " open=" + stillOpen + " " + answer.body());
          }
          if (logged) {
            audited++;
          } else {
            failures.add(key + " by " + user + " via " + channel + ": not in the audit trail");
          }
        }
      }
    }

    log.info("SECURITY dual control: co-lead tasks {}, attempts tried {}, refused {}, tasks still open {}, audited {}",
        coLeadTasks.size(), attempts, refused, taskIds.values().stream()
            .filter(id -> engine.getTaskService().createTaskQuery().taskId(id).count() == 1).count(), audited);
    assertThat(failures).isEmpty();
    assertThat(attempts).isEqualTo(coLeadTasks.size() * 2 * 3);
    assertThat(refused).isEqualTo(attempts);
  }

  /** User tasks of consultation-round and joint-statement whose candidate groups include a co-leads group. */
  private Set<String> coLeadTasksOfTheModels() {
    Set<String> keys = new TreeSet<>();
    for (String process : List.of(RoundProcess.KEY, STATEMENT_KEY)) {
      ProcessDefinition definition = engine.getRepositoryService().createProcessDefinitionQuery()
          .processDefinitionKey(process).latestVersion().singleResult();
      engine.getRepositoryService().getBpmnModelInstance(definition.getId()).getModelElementsByType(UserTask.class).stream()
          .filter(task -> task.getCamundaCandidateGroups() != null && task.getCamundaCandidateGroups().contains("co-leads"))
          .forEach(task -> keys.add(process + "/" + task.getId()));
    }
    return keys;
  }

  /** Drives one round to its approvals, one ad-hoc request to its escalation and one statement to its sign-offs. */
  private Map<String, String> openEveryCoLeadTask() {
    RoundDriver driver = new RoundDriver(engine, rounds, roundCommands);
    StatementDriver statements = new StatementDriver(engine, driver);
    Map<String, String> ids = new LinkedHashMap<>();

    ProcessInstance approving = statements.roundAtItsJointStatement(round -> {
      driver.runJobs(round);
      return null;
    });
    // That round is past its approvals; they are opened on a second one.
    ProcessInstance awaitingApproval = driver.roundAwaitingApproval();
    ids.put(RoundProcess.KEY + "/" + TASK_APPROVE_OUTCOME_US, driver.task(awaitingApproval, TASK_APPROVE_OUTCOME_US).getId());
    ids.put(RoundProcess.KEY + "/" + TASK_APPROVE_OUTCOME_CN, driver.task(awaitingApproval, TASK_APPROVE_OUTCOME_CN).getId());

    ProcessInstance request = driver.request("us-secretary", vars("requestingSide", "US", "reason", "Dual control probe"));
    driver.fireTimer(request, TIMER_RESPONSE_WINDOW);
    ids.put(RoundProcess.KEY + "/" + TASK_DECIDE_ESCALATED_REQUEST, driver.task(request, TASK_DECIDE_ESCALATED_REQUEST).getId());

    ProcessInstance statement = statements.statementOf(approving);
    statements.draft(statement, StatementDriver.englishOf(approving), StatementDriver.chineseOf(approving));
    statements.review(statement, "ACCEPT", "ACCEPT");
    statements.schedule(statement, "us-secretary", clock.instant().plus(1, ChronoUnit.DAYS));
    for (String side : List.of("US", "CN")) {
      ids.put(STATEMENT_KEY + "/Task_SignOff" + side, engine.getTaskService().createTaskQuery()
          .processInstanceId(statement.getId()).taskDefinitionKey("Task_SignOff" + side).singleResult().getId());
    }
    return ids;
  }

  private long refusalsOf(String user) {
    return jdbc.sql("select count(*) from audit_event where actor = :user and action in (:actions)")
        .param("user", user).param("actions", REFUSAL_ACTIONS).query(Long.class).single();
  }

  private static String variable(String name, String value) {
    return "{\"variables\":{\"" + name + "\":{\"value\":\"" + value + "\",\"type\":\"String\"}}}";
  }
}
