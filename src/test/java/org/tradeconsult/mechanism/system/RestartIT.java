package org.tradeconsult.mechanism.system;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.stream.Stream;
import org.camunda.bpm.engine.AuthorizationService;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.RuntimeService;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.boot.web.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.tradeconsult.mechanism.identity.MechanismGroup;
import org.tradeconsult.mechanism.support.Http;
import org.tradeconsult.mechanism.support.PostgresTestDatabase;
import org.tradeconsult.mechanism.support.TestDatabase;

/**
 * The service on each database it supports, started as in production: it starts, answers over
 * HTTP with authentication, and a restart on the same database keeps everything that was there
 * without provisioning anything twice.
 */
class RestartIT {

  static Stream<Arguments> databases() {
    return Stream.of(
        Arguments.of("h2", "demo", TestDatabase.h2File("restart")),
        Arguments.of("postgres", "postgres,demo", PostgresTestDatabase.newDatabase()));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("databases")
  void restartingOnTheSameDatabaseKeepsRunningProcessesAndDuplicatesNothing(
      String databaseType, String profiles, TestDatabase database) {
    String businessKey = "restart-" + System.nanoTime();

    Snapshot before;
    try (ConfigurableApplicationContext first = start(profiles, database)) {
      assertThat(first.getBean(ProcessEngine.class).getProcessEngineConfiguration().getDatabaseType())
          .isEqualTo(databaseType);
      if ("postgres".equals(databaseType) && System.getenv("DB_URL") == null) {
        assertThat(PostgresTestDatabase.serverVersion(database)).startsWith("17.");
      }
      Http http = new Http(((WebServerApplicationContext) first).getWebServer().getPort());
      assertThat(http.get("/engine-rest/engine", null).statusCode()).isEqualTo(401);
      assertThat(http.get("/engine-rest/engine", "us-secretary").statusCode()).isEqualTo(200);
      assertThat(http.get("/api/v1/me", "observer").statusCode()).isEqualTo(200);
      assertThat(http.get("/actuator/health", null).statusCode()).isEqualTo(200);

      first.getBean(RuntimeService.class).startProcessInstanceByKey("side-task-probe", businessKey);
      before = Snapshot.of(first, businessKey);
    }
    assertThat(before.runningWithKey()).isEqualTo(1);

    try (ConfigurableApplicationContext second = start(profiles, database)) {
      Snapshot after = Snapshot.of(second, businessKey);

      assertThat(after).isEqualTo(before);
      assertThat(after.groups()).isEqualTo(MechanismGroup.values().length);
      assertThat(after.appliedMigrations()).isPositive();
    }
  }

  private static ConfigurableApplicationContext start(String profiles, TestDatabase database) {
    return database.startService(profiles, Map.of("camunda.bpm.job-execution.enabled", "false"));
  }

  /** What must survive a restart unchanged. */
  record Snapshot(
      long runningWithKey,
      long groups,
      long users,
      long memberships,
      long authorizations,
      long filters,
      long provisioningEvents,
      long appliedMigrations) {

    static Snapshot of(ConfigurableApplicationContext context, String businessKey) {
      IdentityService identity = context.getBean(IdentityService.class);
      JdbcClient jdbc = context.getBean(JdbcClient.class);
      return new Snapshot(
          context.getBean(RuntimeService.class).createProcessInstanceQuery().processInstanceBusinessKey(businessKey).count(),
          identity.createGroupQuery().count(),
          identity.createUserQuery().count(),
          jdbc.sql("select count(*) from act_id_membership").query(Long.class).single(),
          context.getBean(AuthorizationService.class).createAuthorizationQuery().count(),
          context.getBean(ProcessEngine.class).getFilterService().createFilterQuery().count(),
          jdbc.sql("select count(*) from audit_event where actor = 'system'").query(Long.class).single(),
          jdbc.sql("select count(*) from \"flyway_schema_history\" where \"success\" and \"version\" is not null")
              .query(Long.class)
              .single());
    }
  }
}
