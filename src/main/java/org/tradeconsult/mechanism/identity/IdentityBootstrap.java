package org.tradeconsult.mechanism.identity;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.camunda.bpm.engine.AuthorizationService;
import org.camunda.bpm.engine.FilterService;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.TaskService;
import org.camunda.bpm.engine.authorization.Authorization;
import org.camunda.bpm.engine.authorization.Permission;
import org.camunda.bpm.engine.authorization.Permissions;
import org.camunda.bpm.engine.authorization.Resources;
import org.camunda.bpm.engine.filter.Filter;
import org.camunda.bpm.engine.identity.Group;
import org.camunda.bpm.engine.identity.PasswordPolicyResult;
import org.camunda.bpm.engine.identity.User;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;
import org.tradeconsult.mechanism.audit.AuditLog;
import org.tradeconsult.mechanism.identity.AuthorizationPlan.Grant;

/**
 * Brings groups, authorizations, the shared Tasklist filter and the configured accounts into
 * the identity store at start-up. It only adds what is missing, so it can run on every start of
 * every node without duplicating anything. It runs after all beans exist (engine built, Flyway
 * migrated) and before the web server accepts requests. With a read-only identity store (the
 * {@code ldap} profile) it grants authorizations only.
 */
@Component
class IdentityBootstrap implements SmartInitializingSingleton {

  static final String GROUP_TASKS_FILTER = "My group's tasks / 本组任务";

  private static final Logger log = LoggerFactory.getLogger(IdentityBootstrap.class);
  private static final String SUBJECT = "identity";

  private final IdentityService identityService;
  private final AuthorizationService authorizationService;
  private final FilterService filterService;
  private final TaskService taskService;
  private final IdentityProperties properties;
  private final AuditLog auditLog;
  private final TransactionTemplate transaction;

  IdentityBootstrap(
      IdentityService identityService,
      AuthorizationService authorizationService,
      FilterService filterService,
      TaskService taskService,
      IdentityProperties properties,
      AuditLog auditLog,
      TransactionTemplate transaction) {
    this.identityService = identityService;
    this.authorizationService = authorizationService;
    this.filterService = filterService;
    this.taskService = taskService;
    this.properties = properties;
    this.auditLog = auditLog;
    this.transaction = transaction;
  }

  @Override
  public void afterSingletonsInstantiated() {
    transaction.executeWithoutResult(status -> provision());
  }

  void provision() {
    if (identityService.isReadOnly()) {
      provisionAuthorizationsOnly();
      return;
    }
    log.info("MECH-ID-004 identity store is writable: provisioning groups, authorizations and accounts");
    for (MechanismGroup group : MechanismGroup.values()) {
      ensureGroup(group);
      AuthorizationPlan.grantsFor(group).forEach(grant -> ensureGrant(group, grant));
    }
    ensureGroupTasksFilter();
    List<IdentityProperties.Account> accounts = new ArrayList<>();
    if (properties.admin() != null && properties.admin().isComplete()) {
      accounts.add(withGroup(properties.admin(), MechanismGroup.ADMINISTRATORS.groupId()));
    }
    accounts.addAll(properties.users());
    accounts.forEach(this::ensureAccount);
    warnWhenNoAdministrator();
  }

  /**
   * A read-only identity provider (the LDAP directory of the {@code ldap} profile) owns users,
   * groups and memberships: nothing of them is created here, and configured accounts are
   * ignored. Authorizations live in the engine's database and are still granted to the
   * mechanism's group ids, plus what the engine would have granted on creating each group
   * itself: its members may read the group (without it, a member's own groups would be hidden
   * from them when the plugin checks authorizations).
   */
  private void provisionAuthorizationsOnly() {
    log.info("MECH-ID-005 identity store is read-only: users, groups and memberships come from it;"
        + " provisioning authorizations and the Tasklist filter only");
    for (MechanismGroup group : MechanismGroup.values()) {
      if (identityService.createGroupQuery().groupId(group.groupId()).count() == 0) {
        log.warn("MECH-ID-021 the identity store has no group {} ({}): its members cannot work its tasks",
            group.groupId(), group.displayName());
      }
      AuthorizationPlan.grantsFor(group).forEach(grant -> ensureGrant(group, grant));
      ensureGrant(group, new Grant(Resources.GROUP, group.groupId(), Permissions.READ));
    }
    ensureGroupTasksFilter();
    boolean accountsConfigured = properties.admin() != null && properties.admin().isComplete()
        || !properties.users().isEmpty();
    if (accountsConfigured) {
      log.warn("MECH-ID-022 accounts configured under mechanism.identity are ignored:"
          + " the read-only identity store owns every account");
    }
    if (identityService.createUserQuery().memberOfGroup(MechanismGroup.ADMINISTRATORS.groupId()).count() == 0) {
      log.warn("MECH-ID-020 no administrator exists: add a member to the group {} in the identity store",
          MechanismGroup.ADMINISTRATORS.groupId());
    }
  }

  private void ensureGroup(MechanismGroup mechanismGroup) {
    String id = mechanismGroup.groupId();
    if (identityService.createGroupQuery().groupId(id).singleResult() != null) {
      return;
    }
    Group group = identityService.newGroup(id);
    group.setName(mechanismGroup.displayName());
    group.setType(mechanismGroup.role() == Role.ADMINISTRATOR ? "SYSTEM" : "WORKFLOW");
    identityService.saveGroup(group);
    auditLog.record(AuditLog.SYSTEM, "GROUP_CREATED", SUBJECT, id, mechanismGroup.displayName());
    log.info("MECH-ID-001 created group {}", id);
  }

  private void ensureGrant(MechanismGroup group, Grant grant) {
    Authorization authorization =
        authorizationService
            .createAuthorizationQuery()
            .groupIdIn(group.groupId())
            .resourceType(grant.resource())
            .resourceId(grant.resourceId())
            .singleResult();
    boolean isNew = authorization == null;
    if (isNew) {
      authorization = authorizationService.createNewAuthorization(Authorization.AUTH_TYPE_GRANT);
      authorization.setGroupId(group.groupId());
      authorization.setResource(grant.resource());
      authorization.setResourceId(grant.resourceId());
    }
    Set<Permission> missing = missingPermissions(authorization, grant.permissions());
    if (!isNew && missing.isEmpty()) {
      return;
    }
    missing.forEach(authorization::addPermission);
    authorizationService.saveAuthorization(authorization);
    auditLog.record(
        AuditLog.SYSTEM,
        "AUTHORIZATION_GRANTED",
        SUBJECT,
        group.groupId(),
        grant.resource().resourceName() + " " + grant.resourceId() + " " + missing);
  }

  private static Set<Permission> missingPermissions(Authorization authorization, List<Permission> wanted) {
    Set<Permission> missing = new LinkedHashSet<>();
    for (Permission permission : wanted) {
      if (!authorization.isPermissionGranted(permission)) {
        missing.add(permission);
      }
    }
    return missing;
  }

  /** One filter for everyone: the tasks offered to any of my groups, and those assigned to me. */
  private void ensureGroupTasksFilter() {
    if (filterService.createFilterQuery().filterName(GROUP_TASKS_FILTER).count() > 0) {
      return;
    }
    Filter filter = filterService.newTaskFilter(GROUP_TASKS_FILTER);
    filter.setQuery(
        taskService
            .createTaskQuery()
            .taskCandidateGroupInExpression("${currentUserGroups()}")
            .includeAssignedTasks());
    filter.setProperties(
        Map.of(
            "description", "Tasks offered to my groups / 提供给本组的任务",
            "priority", -10,
            "refresh", true,
            "color", "#1f5fa8"));
    filterService.saveFilter(filter);
    auditLog.record(AuditLog.SYSTEM, "FILTER_CREATED", SUBJECT, filter.getId(), GROUP_TASKS_FILTER);
    log.info("MECH-ID-002 created Tasklist filter '{}'", GROUP_TASKS_FILTER);
  }

  private void ensureAccount(IdentityProperties.Account account) {
    if (!account.isComplete()) {
      throw new IllegalStateException(
          "MECH-ID-010 account '" + account.id() + "' needs an id and a password");
    }
    if (identityService.createUserQuery().userId(account.id()).singleResult() == null) {
      User user = identityService.newUser(account.id());
      user.setFirstName(account.firstName());
      user.setLastName(account.lastName());
      user.setEmail(account.email());
      user.setPassword(account.password());
      checkPasswordPolicy(account, user);
      identityService.saveUser(user);
      auditLog.record(AuditLog.SYSTEM, "USER_CREATED", SUBJECT, account.id(), null);
      log.info("MECH-ID-003 created user {}", account.id());
    }
    for (String groupId : account.groups()) {
      if (MechanismGroup.byGroupId(groupId).isEmpty()) {
        throw new IllegalStateException(
            "MECH-ID-011 account '" + account.id() + "' names unknown group '" + groupId + "'; known: "
                + Arrays.stream(MechanismGroup.values()).map(MechanismGroup::groupId).toList());
      }
      boolean member =
          identityService.createUserQuery().userId(account.id()).memberOfGroup(groupId).count() > 0;
      if (!member) {
        identityService.createMembership(account.id(), groupId);
        auditLog.record(AuditLog.SYSTEM, "MEMBERSHIP_CREATED", SUBJECT, account.id(), groupId);
      }
    }
  }

  /** Refuses to start with a weak configured password, naming the rules it breaks (the engine would only say "does not match"). */
  private void checkPasswordPolicy(IdentityProperties.Account account, User user) {
    if (identityService.getPasswordPolicy() == null) {
      return;
    }
    PasswordPolicyResult result = identityService.checkPasswordAgainstPolicy(account.password(), user);
    if (!result.isValid()) {
      throw new IllegalStateException("MECH-ID-012 the password of account '" + account.id()
          + "' does not meet the password policy: " + result.getViolatedRules().stream()
              .map(rule -> rule.getPlaceholder() + (rule.getParameters() == null ? "" : " " + rule.getParameters()))
              .toList());
    }
  }

  private void warnWhenNoAdministrator() {
    long admins =
        identityService
            .createUserQuery()
            .memberOfGroup(MechanismGroup.ADMINISTRATORS.groupId())
            .count();
    if (admins == 0) {
      log.warn(
          "MECH-ID-020 no administrator exists: set ADMIN_USER and ADMIN_PASSWORD to create one");
    }
  }

  private static IdentityProperties.Account withGroup(IdentityProperties.Account account, String groupId) {
    List<String> groups = new ArrayList<>(account.groups());
    if (!groups.contains(groupId)) {
      groups.add(groupId);
    }
    return new IdentityProperties.Account(
        account.id(), account.password(), account.firstName(), account.lastName(), account.email(), groups);
  }
}
