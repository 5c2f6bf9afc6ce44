package org.tradeconsult.mechanism.identity;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.camunda.bpm.engine.AuthorizationService;
import org.camunda.bpm.engine.FilterService;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.authorization.Permissions;
import org.camunda.bpm.engine.authorization.Resources;
import org.camunda.bpm.engine.identity.Group;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;
import org.tradeconsult.mechanism.support.ServiceTest;

@ServiceTest
class IdentityBootstrapTest {

  @Autowired IdentityBootstrap bootstrap;
  @Autowired IdentityService identityService;
  @Autowired AuthorizationService authorizationService;
  @Autowired FilterService filterService;
  @Autowired JdbcClient jdbc;
  @Autowired TransactionTemplate transaction;

  @Test
  void everyGroupOfTheMechanismExistsWithItsDemoUser() {
    for (MechanismGroup group : MechanismGroup.values()) {
      assertThat(identityService.createGroupQuery().groupId(group.groupId()).count()).as(group.groupId()).isEqualTo(1);
      assertThat(identityService.createUserQuery().memberOfGroup(group.groupId()).count()).as(group.groupId()).isEqualTo(1);
    }
    assertThat(identityService.checkPassword("us-secretary", "demo")).isTrue();
  }

  @Test
  void provisioningAgainAddsNothing() {
    long groups = identityService.createGroupQuery().count();
    long users = identityService.createUserQuery().count();
    long authorizations = authorizationService.createAuthorizationQuery().count();
    long filters = filterService.createFilterQuery().count();
    long auditEvents = jdbc.sql("select count(*) from audit_event where actor = 'system'").query(Long.class).single();

    transaction.executeWithoutResult(status -> bootstrap.provision());

    assertThat(identityService.createGroupQuery().count()).isEqualTo(groups);
    assertThat(identityService.createUserQuery().count()).isEqualTo(users);
    assertThat(authorizationService.createAuthorizationQuery().count()).isEqualTo(authorizations);
    assertThat(filterService.createFilterQuery().count()).isEqualTo(filters);
    assertThat(jdbc.sql("select count(*) from audit_event where actor = 'system'").query(Long.class).single())
        .isEqualTo(auditEvents);
  }

  @Test
  void secretariatsMayStartProcessesWhileCoLeadsAndObserversMayNot() {
    assertThat(mayStartProcesses("us-secretary")).isTrue();
    assertThat(mayStartProcesses("cn-secretary")).isTrue();
    assertThat(mayStartProcesses("us-colead")).isFalse();
    assertThat(mayStartProcesses("cn-colead")).isFalse();
    assertThat(mayStartProcesses("observer")).isFalse();
  }

  private boolean mayStartProcesses(String userId) {
    return authorizationService.isUserAuthorized(userId, groupsOf(userId), Permissions.CREATE, Resources.PROCESS_INSTANCE)
        && authorizationService.isUserAuthorized(
            userId, groupsOf(userId), Permissions.CREATE_INSTANCE, Resources.PROCESS_DEFINITION, "*");
  }

  private List<String> groupsOf(String userId) {
    return identityService.createGroupQuery().groupMember(userId).list().stream().map(Group::getId).toList();
  }

  @Test
  void everyoneWithTasksSeesTheSharedGroupTasksFilter() {
    String filterId =
        filterService.createFilterQuery().filterName(IdentityBootstrap.GROUP_TASKS_FILTER).singleResult().getId();

    for (String user : new String[] {"us-colead", "cn-colead", "us-secretary", "cn-secretary"}) {
      assertThat(authorizationService.isUserAuthorized(user, groupsOf(user), Permissions.READ, Resources.FILTER, filterId))
          .as(user)
          .isTrue();
    }
  }
}
