package org.tradeconsult.mechanism.identity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.tradeconsult.mechanism.round.RoundProcess.TASK_APPROVE_OUTCOME_CN;
import static org.tradeconsult.mechanism.round.RoundProcess.TASK_APPROVE_OUTCOME_US;
import static org.tradeconsult.mechanism.round.RoundProcess.TASK_PUBLISH_READOUT_US;

import com.unboundid.ldap.listener.InMemoryDirectoryServer;
import com.unboundid.ldap.listener.InMemoryDirectoryServerConfig;
import com.unboundid.ldap.listener.InMemoryListenerConfig;
import com.unboundid.ldap.sdk.LDAPException;
import com.unboundid.ldap.sdk.SearchScope;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.List;
import org.camunda.bpm.engine.AuthorizationService;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.authorization.Resources;
import org.camunda.bpm.engine.identity.User;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.camunda.bpm.identity.impl.ldap.plugin.LdapIdentityProviderPlugin;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.tradeconsult.mechanism.round.RoundCommandService;
import org.tradeconsult.mechanism.round.RoundService;
import org.tradeconsult.mechanism.round.RoundStatus;
import org.tradeconsult.mechanism.security.WebappSession;
import org.tradeconsult.mechanism.support.Http;
import org.tradeconsult.mechanism.support.RoundDriver;

/**
 * The whole service in the {@code ldap} profile, its identity read from an in-memory directory
 * ({@code ldap/directory.ldif}) whose users have the demo users' ids but passwords of their own.
 * Not the demo profile: its users would go into the engine's own identity tables.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles({"ldap", "test"})
class LdapProfileTest {

  static final String BASE_DN = "dc=mechanism,dc=example";
  static final String MANAGER_DN = "cn=camunda,ou=services," + BASE_DN;
  static final String MANAGER_PASSWORD = "Manager-Pass-2025!";
  /** Every directory user's password (directory.ldif). */
  static final String DIRECTORY_PASSWORD = "Directory-Pass-2025!";
  static final String NEW_USER = "{\"profile\":{\"id\":\"intruder\",\"firstName\":\"In\",\"lastName\":\"Truder\","
      + "\"email\":\"intruder@example.org\"},\"credentials\":{\"password\":\"Intruder-Pass-2025!\"}}";
  static final String APPROVE = "{\"variables\":{\"approval\":{\"value\":\"APPROVE\",\"type\":\"String\"}}}";

  static InMemoryDirectoryServer directory;

  @DynamicPropertySource
  static void directory(DynamicPropertyRegistry registry) throws LDAPException {
    InMemoryDirectoryServerConfig config = new InMemoryDirectoryServerConfig(BASE_DN);
    config.addAdditionalBindCredentials(MANAGER_DN, MANAGER_PASSWORD);
    config.setListenerConfigs(InMemoryListenerConfig.createLDAPConfig("ldap", 0));
    directory = new InMemoryDirectoryServer(config);
    directory.importFromLDIF(true, Path.of("src/test/resources/ldap/directory.ldif").toFile());
    directory.startListening();
    registry.add("mechanism.ldap.server-url", () -> "ldap://localhost:" + directory.getListenPort());
    registry.add("mechanism.ldap.manager-dn", () -> MANAGER_DN);
    registry.add("mechanism.ldap.manager-password", () -> MANAGER_PASSWORD);
    registry.add("mechanism.ldap.base-dn", () -> BASE_DN);
    // As in the demo: rounds are convened by people here, not by the schedule.
    registry.add("mechanism.cadence.enabled", () -> "false");
  }

  @AfterAll
  static void stopDirectory() {
    directory.shutDown(true);
  }

  @LocalServerPort int port;
  @Autowired ProcessEngine engine;
  @Autowired IdentityService identityService;
  @Autowired AuthorizationService authorizationService;
  @Autowired RoundService rounds;
  @Autowired RoundCommandService roundCommands;
  @Autowired List<LdapIdentityProviderPlugin> ldapPlugins;
  @Autowired JdbcClient jdbc;

  @Test
  void theEngineReadsItsIdentityFromTheDirectoryAndKeepsOnlyAuthorizations() {
    assertThat(ldapPlugins).hasSize(1);
    assertThat(identityService.isReadOnly()).isTrue();
    for (MechanismGroup group : MechanismGroup.values()) {
      assertThat(identityService.createGroupQuery().groupId(group.groupId()).count()).as(group.groupId()).isEqualTo(1);
      assertThat(authorizationService.createAuthorizationQuery().groupIdIn(group.groupId()).count()).as(group.groupId()).isPositive();
      assertThat(authorizationService.createAuthorizationQuery().groupIdIn(group.groupId())
          .resourceType(Resources.GROUP).resourceId(group.groupId()).count()).as("members read %s", group.groupId()).isEqualTo(1);
    }
    assertThat(identityService.createUserQuery().userId("cn-colead").singleResult().getLastName()).isEqualTo("中方牵头人");
    assertThat(jdbc.sql("select (select count(*) from act_id_user) + (select count(*) from act_id_group)"
        + " + (select count(*) from act_id_membership)").query(Long.class).single())
        .as("nothing written to the engine's own identity tables").isZero();
  }

  @Test
  void directoryCoLeadsApproveWithTheirDirectoryPasswordAndTheRoundMovesOn() {
    Http http = new Http(port);
    HttpResponse<String> me = http.send(http.request("/api/v1/me", "us-secretary", DIRECTORY_PASSWORD).GET().build());
    assertThat(me.statusCode()).isEqualTo(200);
    assertThat(me.body()).contains("\"groups\":[\"us-secretariat\"]").contains("\"sides\":[\"US\"]");
    RoundDriver driver = new RoundDriver(engine, rounds, roundCommands);
    ProcessInstance round = driver.roundAwaitingApproval();
    assertThat(driver.status(round)).isEqualTo(RoundStatus.AWAITING_CO_LEAD_APPROVAL);

    HttpResponse<String> byUsCoLead = http.send(approve(http, driver.task(round, TASK_APPROVE_OUTCOME_US).getId(), "us-colead"));
    HttpResponse<String> byCnCoLead = http.send(approve(http, driver.task(round, TASK_APPROVE_OUTCOME_CN).getId(), "cn-colead"));
    driver.runJobs(round);

    assertThat(byUsCoLead.statusCode()).isEqualTo(204);
    assertThat(byCnCoLead.statusCode()).isEqualTo(204);
    assertThat(driver.task(round, TASK_PUBLISH_READOUT_US)).isNotNull();
    assertThat(driver.status(round)).isEqualTo(RoundStatus.COMMUNICATING_OUTCOME);
  }

  @Test
  void theDirectoryAdministratorCreatesNoUserAndAddsNoCoLead() throws LDAPException {
    Http http = new Http(port);

    HttpResponse<String> createUser = http.send(http.request("/engine-rest/user/create", "admin", DIRECTORY_PASSWORD)
        .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(NEW_USER)).build());
    HttpResponse<String> addCoLead = http.send(http.request("/engine-rest/group/cn-co-leads/members/us-colead", "admin",
        DIRECTORY_PASSWORD).PUT(HttpRequest.BodyPublishers.noBody()).build());

    assertThat(createUser.statusCode()).isEqualTo(403);
    assertThat(createUser.body()).contains("read-only");
    assertThat(addCoLead.statusCode()).isEqualTo(403);
    assertThat(addCoLead.body()).contains("read-only");
    assertThat(identityService.createUserQuery().userId("intruder").count()).isZero();
    assertThat(identityService.createUserQuery().memberOfGroup("cn-co-leads").list())
        .extracting(User::getId).containsExactly("cn-colead");
    assertThat(directory.search("cn=cn-co-leads,ou=groups," + BASE_DN, SearchScope.BASE, "(objectClass=*)", "member")
        .getSearchEntries().get(0).getAttributeValues("member"))
        .containsExactly("uid=cn-colead,ou=people," + BASE_DN);
    assertThat(directory.countEntriesBelow("ou=people," + BASE_DN)).as("the people and their OU").isEqualTo(7);
  }

  @Test
  void aDirectoryCoLeadSeesTheirSidesApprovalInTasklistAndTheAdministratorCreatesNoUserThere() {
    RoundDriver driver = new RoundDriver(engine, rounds, roundCommands);
    ProcessInstance round = driver.roundAwaitingApproval();
    String cnTask = driver.task(round, TASK_APPROVE_OUTCOME_CN).getId();
    String usTask = driver.task(round, TASK_APPROVE_OUTCOME_US).getId();
    String filterId = engine.getFilterService().createFilterQuery()
        .filterName(IdentityBootstrap.GROUP_TASKS_FILTER).singleResult().getId();

    WebappSession cnCoLead = WebappSession.tasklist(port, "cn-colead", DIRECTORY_PASSWORD);
    HttpResponse<String> groupTasks = cnCoLead.get(WebappSession.TASKLIST_API + "/filter/" + filterId + "/list");
    HttpResponse<String> profile = cnCoLead.get(WebappSession.TASKLIST_API + "/user/cn-colead/profile");
    WebappSession admin = WebappSession.tasklist(port, "admin", DIRECTORY_PASSWORD);
    HttpResponse<String> createCoLead = admin.postJson(WebappSession.TASKLIST_API + "/user/create", NEW_USER);

    assertThat(groupTasks.statusCode()).isEqualTo(200);
    assertThat(groupTasks.body()).contains(cnTask).doesNotContain(usTask);
    assertThat(profile.statusCode()).isEqualTo(200);
    assertThat(profile.body()).contains("中方牵头人");
    assertThat(createCoLead.statusCode()).isEqualTo(403);
    assertThat(createCoLead.body()).contains("read-only");
    assertThat(identityService.createUserQuery().userId("intruder").count()).isZero();
  }

  @Test
  void aWrongDirectoryPasswordIsRefused() {
    Http http = new Http(port);

    HttpResponse<String> wrong = http.send(http.request("/api/v1/me", "cn-secretary", "not-the-password").GET().build());
    HttpResponse<String> empty = http.send(http.request("/api/v1/me", "cn-secretary", "").GET().build());
    HttpResponse<String> unknown = http.send(http.request("/api/v1/me", "intruder", DIRECTORY_PASSWORD).GET().build());

    assertThat(wrong.statusCode()).isEqualTo(401);
    assertThat(empty.statusCode()).isEqualTo(401);
    assertThat(unknown.statusCode()).isEqualTo(401);
  }

  private static HttpRequest approve(Http http, String taskId, String coLead) {
    return http.request("/engine-rest/task/" + taskId + "/complete", coLead, DIRECTORY_PASSWORD)
        .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(APPROVE)).build();
  }
}
