package org.tradeconsult.mechanism.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.camunda.bpm.engine.task.Task;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.tradeconsult.mechanism.round.RoundCommandService;
import org.tradeconsult.mechanism.round.RoundService;
import org.tradeconsult.mechanism.support.Http;
import org.tradeconsult.mechanism.support.RoundDriver;
import org.tradeconsult.mechanism.support.ServiceTest;
import org.tradeconsult.mechanism.support.StatementDriver;

/**
 * The embargo, path by path: while a joint statement is drafted, reviewed, signed and awaits its
 * release, its texts reach the two secretariats and the two co-leads through their tasks and
 * nobody else — not through our API, the feed, the dashboard, {@code /engine-rest} variables and
 * history, nor the engine's tables. Every step is taken the way Tasklist takes it ({@code
 * submit-form}), which is what writes form history.
 */
@ServiceTest
class EmbargoTest {

  private static final Logger log = LoggerFactory.getLogger(EmbargoTest.class);

  @LocalServerPort int port;
  @Autowired ProcessEngine engine;
  @Autowired RoundService rounds;
  @Autowired RoundCommandService roundCommands;
  @Autowired JdbcClient jdbc;

  Http http;
  int probes;
  int withheld;

  @Test
  void anEmbargoedTextReachesOnlyTheSecretariatsAndCoLeadsUntilItsRelease() {
    http = new Http(port);
    RoundDriver driver = new RoundDriver(engine, rounds, roundCommands);
    StatementDriver statements = new StatementDriver(engine, driver);
    ProcessInstance round = statements.roundAtItsJointStatement(r -> {
      driver.runJobs(r);
      return null;
    });
    ProcessInstance statement = statements.statementOf(round);
    String statementId = jdbc.sql("select id from statement where process_instance_id = :pi")
        .param("pi", statement.getId()).query(String.class).single();
    String marker = "EMBARGO-" + UUID.randomUUID();
    String english = "Joint statement, not to be released before the agreed instant. " + marker;
    String chinese = "联合声明，发布前保密。" + marker;

    // drafting, as Tasklist submits the forms
    submit(statement, "Task_DraftEnglishText", "us-secretary", Map.of("textEn", english));
    submit(statement, "Task_DraftChineseText", "cn-secretary", Map.of("textZh", chinese));
    statements.runJobs(statement);

    // under review: the secretariats read the texts through their tasks; co-leads and observers read nothing
    Task reviewOfEnglish = task(statement, "Task_ReviewEnglishText");
    assertThat(http.get("/engine-rest/task/" + reviewOfEnglish.getId() + "/variables", "cn-secretary").body()).contains(marker);
    assertThat(http.get("/engine-rest/task/" + reviewOfEnglish.getId() + "/form-variables", "cn-secretary").body()).contains(marker);
    for (String user : List.of("observer", "us-colead", "cn-colead")) {
      assertNothingLeaks(user, marker, round, statement, statementId, reviewOfEnglish);
    }
    assertNothingLeaks(null, marker, round, statement, statementId, reviewOfEnglish);
    assertEngineHistoryIsFreeOf(marker);

    // Tasklist submits the read-only fields of a form too, the texts among them.
    submit(statement, "Task_ReviewEnglishText", "cn-secretary", Map.of("textEn", english, "reviewDecision", "ACCEPT"));
    submit(statement, "Task_ReviewChineseText", "us-secretary", Map.of("textZh", chinese, "reviewDecision", "ACCEPT"));
    statements.runJobs(statement);
    submit(statement, "Task_ScheduleRelease", "us-secretary",
        Map.of("textEn", english, "textZh", chinese, "releaseAt", StatementDriver.soon().toString()));

    // at sign-off: each co-lead reads both texts in its own task; the observer still reads nothing
    Task signOffCn = task(statement, "Task_SignOffCN");
    assertThat(http.get("/engine-rest/task/" + signOffCn.getId() + "/form-variables", "cn-colead").body()).contains(marker);
    assertNothingLeaks("observer", marker, round, statement, statementId, signOffCn);
    assertEngineHistoryIsFreeOf(marker);

    submit(statement, "Task_SignOffUS", "us-colead", Map.of("textEn", english, "textZh", chinese, "signOff", "SIGN"));
    submit(statement, "Task_SignOffCN", "cn-colead", Map.of("textEn", english, "textZh", chinese, "signOff", "SIGN"));
    statements.runJobs(statement);

    // signed, awaiting the instant: the texts are in our statement table only
    assertThat(engine.getManagementService().createJobQuery().processInstanceId(statement.getId()).timers().count()).isEqualTo(1);
    for (String user : List.of("observer", "us-colead", "cn-colead")) {
      assertNothingLeaks(user, marker, round, statement, statementId, null);
    }
    assertNothingLeaks(null, marker, round, statement, statementId, null);
    assertEngineHistoryIsFreeOf(marker);
    assertThat(rowsContaining("ACT_RU_", marker)).as("engine runtime tables once signed").isEmpty();

    statements.fireRelease(statement);
    assertThat(http.get("/api/v1/statements/" + statementId, null).body()).as("public once released").contains(marker);
    log.info("SECURITY embargo: probes {}, withheld {}, engine tables searched for the marker at 3 stages: 0 rows",
        probes, withheld);
    assertThat(withheld).isEqualTo(probes);
  }

  /** Every path a user without the right might read the text through. A null user is anonymous. */
  private void assertNothingLeaks(String user, String marker, ProcessInstance round, ProcessInstance statement,
      String statementId, Task task) {
    String pid = statement.getId();
    List<String> paths = new ArrayList<>(List.of(
        "/api/v1/statements?size=200",
        "/api/v1/statements/" + statementId,
        "/api/v1/statements/feed.atom",
        "/api/v1/rounds/" + round.getBusinessKey(),
        "/api/v1/rounds?size=200",
        "/api/v1/dashboard",
        "/engine-rest/process-instance/" + pid + "/variables",
        "/engine-rest/process-instance/" + pid + "/variables/textEn",
        "/engine-rest/variable-instance?processInstanceIdIn=" + pid,
        "/engine-rest/variable-instance?variableName=textEn",
        "/engine-rest/variable-instance?variableName=textZh",
        "/engine-rest/history/variable-instance?processInstanceId=" + pid,
        "/engine-rest/history/variable-instance?variableName=textEn",
        "/engine-rest/history/detail?processInstanceId=" + pid,
        "/engine-rest/history/detail?formFields=true",
        "/engine-rest/history/user-operation?processInstanceId=" + pid,
        "/engine-rest/history/task?processInstanceId=" + pid,
        "/engine-rest/task?processInstanceId=" + pid));
    if (task != null) {
      paths.addAll(List.of(
          "/engine-rest/task/" + task.getId() + "/variables",
          "/engine-rest/task/" + task.getId() + "/localVariables",
          "/engine-rest/task/" + task.getId() + "/form-variables",
          "/engine-rest/task/" + task.getId() + "/variables/textEn",
          "/engine-rest/execution/" + task.getExecutionId() + "/localVariables"));
    }
    for (String path : paths) {
      HttpResponse<String> answer = http.get(path, user);
      probes++;
      assertThat(answer.body()).as("%s as %s (%d)", path, user, answer.statusCode()).doesNotContain(marker);
      assertThat(answer.statusCode()).as("%s as %s", path, user).isLessThan(500);
      withheld++;
    }
  }

  /** No text column of the engine's history tables holds the text, nor any stored byte array. */
  private void assertEngineHistoryIsFreeOf(String marker) {
    assertThat(rowsContaining("ACT_HI_", marker)).as("engine history tables").isEmpty();
    List<String> bytes = jdbc.sql("select ID_, BYTES_ from ACT_GE_BYTEARRAY").query((rs, i) -> {
      byte[] content = rs.getBytes(2);
      return content != null && new String(content, StandardCharsets.UTF_8).contains(marker) ? rs.getString(1) : null;
    }).list().stream().filter(java.util.Objects::nonNull).toList();
    assertThat(bytes).as("engine byte arrays").isEmpty();
  }

  /** table.column of every text column, in tables with this prefix, that holds the marker. */
  private List<String> rowsContaining(String tablePrefix, String marker) {
    List<String> found = new ArrayList<>();
    List<Map<String, Object>> columns = jdbc.sql("""
            select TABLE_NAME, COLUMN_NAME from INFORMATION_SCHEMA.COLUMNS
            where TABLE_SCHEMA = 'PUBLIC' and TABLE_NAME like :prefix
              and DATA_TYPE in ('CHARACTER VARYING', 'CHARACTER LARGE OBJECT', 'CHARACTER')
            """)
        .param("prefix", tablePrefix + "%").query().listOfRows();
    assertThat(columns).as("text columns of %s*", tablePrefix).isNotEmpty();
    for (Map<String, Object> column : columns) {
      String table = (String) column.get("TABLE_NAME");
      String name = (String) column.get("COLUMN_NAME");
      long rows = jdbc.sql("select count(*) from " + table + " where " + name + " like :marker")
          .param("marker", "%" + marker + "%").query(Long.class).single();
      if (rows > 0) {
        found.add(table + "." + name + " (" + rows + ")");
      }
    }
    return found;
  }

  private void submit(ProcessInstance statement, String taskKey, String user, Map<String, String> variables) {
    StringBuilder json = new StringBuilder("{\"variables\":{");
    variables.forEach((name, value) -> json.append(json.length() > 14 ? "," : "")
        .append('"').append(name).append("\":{\"value\":\"").append(value).append("\",\"type\":\"String\"}"));
    json.append("}}");
    HttpResponse<String> answer = http.postJson("/engine-rest/task/" + task(statement, taskKey).getId() + "/submit-form", user,
        json.toString());
    assertThat(answer.statusCode()).as("%s by %s: %s", taskKey, user, answer.body()).isEqualTo(204);
  }

  private Task task(ProcessInstance statement, String taskKey) {
    return engine.getTaskService().createTaskQuery().processInstanceId(statement.getId()).taskDefinitionKey(taskKey).singleResult();
  }
}
