package org.tradeconsult.mechanism.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.identity.User;
import org.camunda.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl;
import org.camunda.bpm.engine.impl.util.ClockUtil;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.tradeconsult.mechanism.support.Http;
import org.tradeconsult.mechanism.support.ServiceTest;

/**
 * Accounts on the shared demo context: wrong passwords lock a user (Camunda's login throttling,
 * configured explicitly), and the webapps refuse a modifying request of a logged-in session that
 * lacks the CSRF token. {@code NoDemoCredentialsIT} covers a start without the demo profile.
 */
@ServiceTest
class AccountSecurityTest {

  private static final Logger log = LoggerFactory.getLogger(AccountSecurityTest.class);
  static final String PROBE = "lockout-probe";
  static final String RIGHT = "Right-Passw0rd!";

  @LocalServerPort int port;
  @Autowired ProcessEngine engine;
  @Autowired IdentityService identityService;
  @Autowired JdbcClient jdbc;

  @Test
  void wrongPasswordsLockTheUserSoThatEvenTheRightOneIsRefusedUntilTheLockEnds() {
    ProcessEngineConfigurationImpl configuration = (ProcessEngineConfigurationImpl) engine.getProcessEngineConfiguration();
    assertThat(List.of(configuration.getLoginMaxAttempts(), configuration.getLoginDelayBase(), configuration.getLoginDelayFactor(),
        configuration.getLoginDelayMaxTime())).as("maxAttempts, delayBase, delayFactor, delayMaxTime").containsExactly(10, 3, 2, 60);
    if (identityService.createUserQuery().userId(PROBE).count() == 0) {
      User probe = identityService.newUser(PROBE);
      probe.setPassword(RIGHT);
      identityService.saveUser(probe);
    }
    Http http = new Http(port);
    int wrong = 3;
    Instant lastAttempt = null;
    try {
      for (int i = 0; i < wrong; i++) {
        lastAttempt = ClockUtil.getCurrentTime().toInstant();
        assertThat(http.send(http.request("/api/v1/me", PROBE, "wrong-" + i).GET().build()).statusCode()).isEqualTo(401);
        // A locked user's attempts are refused without being counted: the engine's clock moves past each lock.
        ClockUtil.offset(lockedUntil().toEpochMilli() - System.currentTimeMillis() + 1000);
      }
    } finally {
      ClockUtil.reset();
    }
    Map<String, Object> state = jdbc.sql("select ATTEMPTS_, LOCK_EXP_TIME_ from ACT_ID_USER where ID_ = :id")
        .param("id", PROBE).query().singleRow();

    HttpResponse<String> rightPassword = http.send(http.request("/api/v1/me", PROBE, RIGHT).GET().build());

    assertThat(((Number) state.get("ATTEMPTS_")).intValue()).isEqualTo(wrong);
    // the third failure locks for 3 * 2^2 = 12 s
    assertThat(lockedUntil()).isAfterOrEqualTo(lastAttempt.plusSeconds(12));
    assertThat(rightPassword.statusCode()).as("the right password while locked").isEqualTo(401);
    long lockSeconds = java.time.Duration.between(lastAttempt, lockedUntil()).toSeconds();

    asAdministrator(() -> identityService.unlockUser(PROBE));
    assertThat(http.send(http.request("/api/v1/me", PROBE, RIGHT).GET().build()).statusCode()).as("after the unlock").isEqualTo(200);
    log.info("SECURITY throttling: {} wrong passwords, lock {} s after the last, right password refused while locked, "
        + "accepted after an administrator's unlock", wrong, lockSeconds);
  }

  @Test
  void theWebappsRefuseAModifyingRequestOfASessionWithoutItsCsrfToken() {
    WebappSession tasklist = WebappSession.tasklist(port, "us-secretary", Http.DEMO_PASSWORD);
    String taskQuery = WebappSession.TASKLIST_API + "/task";

    HttpResponse<String> genuine = tasklist.postJson(taskQuery, "{}");
    HttpResponse<String> forged = tasklist.postJsonWithoutCsrfToken(taskQuery, "{}");

    assertThat(forged.statusCode()).isEqualTo(403);
    assertThat(forged.headers().firstValue("X-XSRF-TOKEN")).hasValue("Required");
    assertThat(genuine.statusCode()).isEqualTo(200);
    assertThat(WebappSession.anonymous(port).postJson(taskQuery, "{}").statusCode()).as("no session").isEqualTo(401);
  }

  private Instant lockedUntil() {
    java.sql.Timestamp until = jdbc.sql("select LOCK_EXP_TIME_ from ACT_ID_USER where ID_ = :id")
        .param("id", PROBE).query((rs, i) -> rs.getTimestamp(1)).list().get(0);
    return until == null ? Instant.EPOCH : until.toInstant();
  }

  private void asAdministrator(Runnable action) {
    identityService.setAuthentication("admin", List.of("camunda-admin"));
    try {
      action.run();
    } finally {
      identityService.clearAuthentication();
    }
  }
}
