package org.tradeconsult.mechanism.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.identity.User;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.tradeconsult.mechanism.ConsultationMechanismApplication;
import org.tradeconsult.mechanism.support.Http;

/**
 * The service started as in production, without the demo profile: no demo account exists and
 * "demo" opens nothing, the only administrator is the one the environment names, and Camunda's
 * password policy refuses weak passwords. A service of its own (in-memory H2, job executor off), so
 * an IT: closing it clears Camunda's process-wide engine registry, which the shared test context needs.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class NoDemoCredentialsIT {

  static final List<String> DEMO_USERS = List.of("admin", "us-colead", "cn-colead", "us-secretary", "cn-secretary", "observer");
  static final String CHIEF = "chief";
  static final String CHIEF_PASSWORD = "Trade-" + UUID.randomUUID() + "-9aA!";

  static ConfigurableApplicationContext service;
  static Http http;
  static int port;

  @BeforeAll
  static void startWithoutTheDemoProfile() {
    service = new SpringApplicationBuilder(ConsultationMechanismApplication.class)
        .profiles("test")
        .properties(Map.of("PORT", "0", "ADMIN_USER", CHIEF, "ADMIN_PASSWORD", CHIEF_PASSWORD, "CADENCE_ENABLED", "false"))
        .run();
    port = ((WebServerApplicationContext) service).getWebServer().getPort();
    http = new Http(port);
  }

  @AfterAll
  static void stop() {
    if (service != null) {
      service.close();
    }
  }

  @Test
  @Order(1)
  void noDemoAccountExistsAndTheDemoPasswordOpensNothing() {
    IdentityService identity = service.getBean(ProcessEngine.class).getIdentityService();

    assertThat(identity.createUserQuery().list()).extracting(User::getId).containsExactly(CHIEF);
    assertThat(identity.createUserQuery().memberOfGroup("camunda-admin").list()).extracting(User::getId).containsExactly(CHIEF);
    for (String user : DEMO_USERS) {
      assertThat(http.get("/api/v1/me", user).statusCode()).as(user + " over HTTP Basic").isEqualTo(401);
      assertThat(WebappSession.anonymous(port).login(user, Http.DEMO_PASSWORD).statusCode()).as(user + " in Tasklist").isEqualTo(401);
    }
    HttpResponse<String> chief = http.send(http.request("/api/v1/me", CHIEF, CHIEF_PASSWORD).GET().build());
    assertThat(chief.statusCode()).isEqualTo(200);
    assertThat(chief.body()).contains("\"roles\":[\"ADMINISTRATOR\"]");
  }

  @Test
  @Order(2)
  void thePasswordPolicyRefusesAWeakPasswordOfAUserTheAdministratorCreates() {
    assertThat(service.getBean(ProcessEngine.class).getProcessEngineConfiguration().isEnablePasswordPolicy()).isTrue();

    HttpResponse<String> weak = createUser("newcomer", "demo");
    HttpResponse<String> nameAsPassword = createUser("newcomer", "Newcomer-2027!");
    HttpResponse<String> strong = createUser("newcomer", "Tr4de-Talks-" + UUID.randomUUID());

    assertThat(weak.statusCode()).as(weak.body()).isEqualTo(400);
    assertThat(weak.body()).contains("\"field\":\"password\"");
    assertThat(nameAsPassword.statusCode()).as(nameAsPassword.body()).isEqualTo(400);
    assertThat(strong.statusCode()).as(strong.body()).isEqualTo(204);
    HttpResponse<String> policy = http.send(http.request("/engine-rest/identity/password-policy", CHIEF, CHIEF_PASSWORD).GET().build());
    assertThat(policy.body()).contains("PASSWORD_POLICY_LENGTH", "PASSWORD_POLICY_DIGIT", "PASSWORD_POLICY_SPECIAL");
  }

  /** After the others: a second service in this JVM, whose closing clears process-wide registries of the webapps. */
  @Test
  @Order(3)
  void withoutAdminUserAndPasswordNoAccountExistsAtAll() {
    try (ConfigurableApplicationContext bare = new SpringApplicationBuilder(ConsultationMechanismApplication.class)
        .profiles("test")
        .properties(secondService(Map.of()))
        .run()) {
      Http bareHttp = new Http(((WebServerApplicationContext) bare).getWebServer().getPort());

      assertThat(bare.getBean(ProcessEngine.class).getIdentityService().createUserQuery().count()).isZero();
      assertThat(bareHttp.get("/api/v1/me", "admin").statusCode()).isEqualTo(401);
    }
  }

  @Test
  @Order(4)
  void aWeakAdministratorPasswordStopsTheStartNamingTheRulesItBreaks() {
    SpringApplicationBuilder weak = new SpringApplicationBuilder(ConsultationMechanismApplication.class)
        .profiles("test")
        .properties(secondService(Map.of("ADMIN_USER", "weakling", "ADMIN_PASSWORD", "password")));

    assertThatThrownBy(weak::run).hasStackTraceContaining("MECH-ID-012")
        .hasStackTraceContaining("'weakling' does not meet the password policy")
        .hasStackTraceContaining("PASSWORD_POLICY_LENGTH");
  }

  /** A second service next to the first: engine and process application need names of their own. */
  private static Map<String, Object> secondService(Map<String, Object> more) {
    Map<String, Object> properties = new java.util.HashMap<>(more);
    properties.putAll(Map.of("PORT", "0", "CADENCE_ENABLED", "false",
        "camunda.bpm.generate-unique-process-engine-name", "true",
        "camunda.bpm.generate-unique-process-application-name", "true", "spring.jmx.enabled", "false"));
    return properties;
  }

  private HttpResponse<String> createUser(String id, String password) {
    return http.send(http.request("/engine-rest/user/create", CHIEF, CHIEF_PASSWORD)
        .header("Content-Type", "application/json")
        .POST(java.net.http.HttpRequest.BodyPublishers.ofString("""
            {"profile": {"id": "%s", "firstName": "New", "lastName": "Comer"}, "credentials": {"password": "%s"}}
            """.formatted(id, password)))
        .build());
  }
}
