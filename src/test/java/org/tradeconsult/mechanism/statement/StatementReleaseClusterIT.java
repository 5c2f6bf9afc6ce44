package org.tradeconsult.mechanism.statement;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.tradeconsult.mechanism.round.RoundCommandService;
import org.tradeconsult.mechanism.round.RoundService;
import org.tradeconsult.mechanism.support.PostgresTestDatabase;
import org.tradeconsult.mechanism.support.RoundDriver;
import org.tradeconsult.mechanism.support.StatementDriver;
import org.tradeconsult.mechanism.support.TestDatabase;

/**
 * Two service nodes on one PostgreSQL database (Camunda's homogeneous cluster), both with their
 * job executor on: statements due at the same instant are each released exactly once.
 */
class StatementReleaseClusterIT {

  static final int STATEMENTS = 12;

  @Test
  void statementsDueAtTheSameInstantAreEachReleasedExactlyOnceByTwoNodes() throws Exception {
    TestDatabase database = PostgresTestDatabase.newDatabase();
    try (ConfigurableApplicationContext nodeA = start(database); ConfigurableApplicationContext nodeB = start(database)) {
      ProcessEngine engine = nodeA.getBean(ProcessEngine.class);
      RoundDriver driver = new RoundDriver(engine, nodeA.getBean(RoundService.class), nodeA.getBean(RoundCommandService.class));
      StatementDriver statements = new StatementDriver(engine, driver);

      List<ProcessInstance> pending = new ArrayList<>();
      for (int i = 0; i < STATEMENTS; i++) {
        ProcessInstance round = statements.roundAtItsJointStatement(r -> null);
        ProcessInstance statement = awaitStatement(engine, statements, round);
        statements.complete(statement, "Task_DraftEnglishText", "us-secretary", RoundDriver.vars("textEn", StatementDriver.EN + " #" + i));
        statements.complete(statement, "Task_DraftChineseText", "cn-secretary", RoundDriver.vars("textZh", StatementDriver.ZH + " #" + i));
        awaitTask(engine, statement, "Task_ReviewEnglishText");
        statements.complete(statement, "Task_ReviewEnglishText", "cn-secretary", RoundDriver.vars("reviewDecision", "ACCEPT"));
        statements.complete(statement, "Task_ReviewChineseText", "us-secretary", RoundDriver.vars("reviewDecision", "ACCEPT"));
        awaitTask(engine, statement, "Task_ScheduleRelease");
        pending.add(statement);
      }
      Instant releaseAt = Instant.now().plus(30, ChronoUnit.SECONDS).truncatedTo(ChronoUnit.SECONDS);
      for (ProcessInstance statement : pending) {
        statements.schedule(statement, "us-secretary", releaseAt);
        statements.complete(statement, "Task_SignOffUS", "us-colead", RoundDriver.vars("signOff", "SIGN"));
        statements.complete(statement, "Task_SignOffCN", "cn-colead", RoundDriver.vars("signOff", "SIGN"));
      }

      JdbcClient jdbc = nodeA.getBean(JdbcClient.class);
      long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
      while (System.nanoTime() < deadline && released(jdbc) < STATEMENTS) {
        Thread.sleep(500);
      }

      assertThat(released(jdbc)).isEqualTo(STATEMENTS);
      for (ProcessInstance statement : pending) {
        assertThat(engine.getHistoryService().createHistoricActivityInstanceQuery()
            .processInstanceId(statement.getId()).activityId("Task_ReleaseStatement").count()).isEqualTo(1);
      }
      assertThat(jdbc.sql("select count(*) from audit_event where action = 'STATEMENT_RELEASED'").query(Long.class).single())
          .as("release events: one per statement").isEqualTo(STATEMENTS);
      assertThat(jdbc.sql("select min(released_at) from statement").query(java.time.OffsetDateTime.class).single().toInstant())
          .isAfterOrEqualTo(releaseAt);
      assertThat(engine.getManagementService().createJobQuery().withException().count()).isZero();
    }
  }

  private static long released(JdbcClient jdbc) {
    return jdbc.sql("select count(*) from statement where status = 'RELEASED'").query(Long.class).single();
  }

  private static ProcessInstance awaitStatement(ProcessEngine engine, StatementDriver statements, ProcessInstance round) throws InterruptedException {
    for (int i = 0; i < 200; i++) {
      if (engine.getRuntimeService().createProcessInstanceQuery().superProcessInstanceId(round.getId()).count() > 0) {
        return statements.statementOf(round);
      }
      Thread.sleep(100);
    }
    throw new AssertionError("no statement started for " + round.getBusinessKey());
  }

  private static void awaitTask(ProcessEngine engine, ProcessInstance instance, String key) throws InterruptedException {
    for (int i = 0; i < 300; i++) {
      if (engine.getTaskService().createTaskQuery().processInstanceId(instance.getId()).taskDefinitionKey(key).count() > 0) {
        return;
      }
      Thread.sleep(100);
    }
    throw new AssertionError("no task " + key);
  }

  private static ConfigurableApplicationContext start(TestDatabase database) {
    // Two nodes in one JVM: each engine and process application needs a name of its own.
    return database.startService("postgres,demo", Map.of(
        "camunda.bpm.generate-unique-process-engine-name", "true",
        "camunda.bpm.generate-unique-process-application-name", "true",
        "spring.jmx.enabled", "false"));
  }
}
