package org.tradeconsult.mechanism.system;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.identity.User;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.tradeconsult.mechanism.audit.AuditLog;
import org.tradeconsult.mechanism.support.Http;
import org.tradeconsult.mechanism.support.ServiceTest;

@ServiceTest
class SecurityBaselineTest {

  @LocalServerPort int port;
  @Autowired AuditLog auditLog;
  @Autowired IdentityService identityService;
  Http http;

  @BeforeEach
  void setUp() {
    http = new Http(port);
  }

  @Test
  void engineRestRefusesCallersWithoutCredentialsWithAProblemAndABasicChallenge() {
    HttpResponse<String> response = http.get("/engine-rest/engine", null);

    assertThat(response.statusCode()).isEqualTo(401);
    assertThat(response.headers().firstValue("WWW-Authenticate")).hasValueSatisfying(v -> assertThat(v).startsWith("Basic"));
    assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
    assertThat(response.body()).contains("\"status\":401");
  }

  @Test
  void engineRestAnswersADemoUser() {
    HttpResponse<String> response = http.get("/engine-rest/engine", "us-secretary");

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.body()).contains("\"name\":\"default\"");
  }

  @Test
  void ourApiRefusesCallersWithoutCredentialsAndDescribesADemoUser() {
    assertThat(http.get("/api/v1/me", null).statusCode()).isEqualTo(401);

    HttpResponse<String> response = http.get("/api/v1/me", "cn-colead");

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.body())
        .contains("\"userId\":\"cn-colead\"", "\"groups\":[\"cn-co-leads\"]", "\"sides\":[\"CN\"]", "\"roles\":[\"CO_LEAD\"]");
  }

  @Test
  void aWrongPasswordIsRefusedAndRecorded() {
    // A user of its own: Camunda's login throttling then refuses this user for a few seconds,
    // which must not hit the demo users that other tests log in as.
    if (identityService.createUserQuery().userId("throttle-probe").count() == 0) {
      User probe = identityService.newUser("throttle-probe");
      probe.setPassword("the-right-one");
      identityService.saveUser(probe);
    }

    HttpResponse<String> response = http.send(http.request("/api/v1/me", "throttle-probe", "not-the-password").GET().build());

    assertThat(response.statusCode()).isEqualTo(401);
    assertThat(auditLog.eventsFor("user", "throttle-probe"))
        .anySatisfy(event -> assertThat(event.action()).isEqualTo("LOGIN_FAILED"));
  }

  @Test
  void healthAndInfoAreOpenButOtherActuatorEndpointsAreNot() {
    HttpResponse<String> health = http.get("/actuator/health", null);

    assertThat(health.statusCode()).isEqualTo(200);
    assertThat(health.body()).contains("\"status\":\"UP\"");
    assertThat(http.get("/actuator/info", null).statusCode()).isEqualTo(200);
    assertThat(http.get("/actuator/env", null).statusCode()).isEqualTo(401);
  }

  @Test
  void tasklistServesItsLoginPageAndLogsInADemoUserWithItsCsrfToken() {
    HttpResponse<String> page = http.get("/camunda/app/tasklist/default/", null);
    assertThat(page.statusCode()).isEqualTo(200);
    assertThat(page.body()).contains("Camunda Tasklist");
    String token = cookie(page, "XSRF-TOKEN");
    String session = cookie(page, "JSESSIONID");

    HttpResponse<String> login =
        http.send(
            http.request("/camunda/api/admin/auth/user/default/login/tasklist", null)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .header("X-XSRF-TOKEN", token)
                .header("Cookie", "XSRF-TOKEN=" + token + "; JSESSIONID=" + session)
                .POST(HttpRequest.BodyPublishers.ofString("username=us-secretary&password=demo"))
                .build());

    assertThat(login.statusCode()).isEqualTo(200);
    assertThat(login.body()).contains("\"userId\":\"us-secretary\"", "tasklist");
  }

  @Test
  void theWebappsRefuseAModifyingRequestWithoutCsrfToken() {
    HttpResponse<String> login =
        http.send(
            http.request("/camunda/api/admin/auth/user/default/login/tasklist", null)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("username=us-secretary&password=demo"))
                .build());

    assertThat(login.statusCode()).isEqualTo(403);
  }

  @Test
  void theFirstAdministratorSetUpIsClosed() {
    HttpResponse<String> response =
        http.postJson(
            "/camunda/api/admin/setup/default/user/create",
            null,
            "{\"profile\":{\"id\":\"intruder\"},\"credentials\":{\"password\":\"x\"}}");

    assertThat(response.statusCode()).isEqualTo(403);
    assertThat(http.get("/engine-rest/user/intruder/profile", "admin").statusCode()).isEqualTo(404);
  }

  private static String cookie(HttpResponse<String> response, String name) {
    List<String> cookies = response.headers().allValues("Set-Cookie");
    return cookies.stream()
        .filter(c -> c.startsWith(name + "="))
        .map(c -> c.substring(name.length() + 1, c.indexOf(';') > 0 ? c.indexOf(';') : c.length()))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no cookie " + name + " in " + cookies));
  }
}
