package org.tradeconsult.mechanism.identity;

import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.impl.identity.Authentication;
import org.camunda.bpm.engine.identity.Group;
import org.camunda.bpm.engine.identity.User;
import org.springframework.stereotype.Service;
import org.tradeconsult.mechanism.audit.AuditLog;

/** Describes users in the mechanism's terms: their sides and roles, from their groups. */
@Service
public class CurrentUserService {

  private final IdentityService identityService;

  CurrentUserService(IdentityService identityService) {
    this.identityService = identityService;
  }

  /** Who acts in the engine right now: the authenticated user, or {@code system} for timers and start-up. */
  public String currentActor() {
    Authentication authentication = identityService.getCurrentAuthentication();
    return authentication == null || authentication.getUserId() == null ? AuditLog.SYSTEM : authentication.getUserId();
  }

  /** The groups of the user who acts in the engine right now; empty for the system. */
  public List<String> currentGroups() {
    Authentication authentication = identityService.getCurrentAuthentication();
    if (authentication == null || authentication.getUserId() == null) {
      return List.of();
    }
    return authentication.getGroupIds() != null
        ? authentication.getGroupIds()
        : identityService.createGroupQuery().groupMember(authentication.getUserId()).list().stream().map(Group::getId).toList();
  }

  /**
   * Runs an engine call with the service's own rights, after the caller's right to ask has been
   * checked: e.g. correlating a cancellation on a secretariat's behalf, which must not need the
   * engine-wide right to change process instances. The caller's identity is restored afterwards.
   */
  public <T> T asService(Supplier<T> action) {
    Authentication caller = identityService.getCurrentAuthentication();
    identityService.clearAuthentication();
    try {
      return action.get();
    } finally {
      restore(caller);
    }
  }

  /**
   * Runs an engine call as this user, with the groups they belong to, exactly as when they act
   * in Tasklist (authorizations and the dual-control guard apply): e.g. the demo data, each step
   * taken by the demo user whose job it is. The caller's identity is restored afterwards.
   */
  public <T> T asUser(String userId, Supplier<T> action) {
    Authentication caller = identityService.getCurrentAuthentication();
    List<String> groups = identityService.createGroupQuery().groupMember(userId).list().stream().map(Group::getId).toList();
    identityService.setAuthentication(userId, groups);
    try {
      return action.get();
    } finally {
      identityService.clearAuthentication();
      restore(caller);
    }
  }

  private void restore(Authentication caller) {
    if (caller != null) {
      identityService.setAuthentication(caller.getUserId(), caller.getGroupIds() == null ? List.of() : caller.getGroupIds());
    }
  }

  public CurrentUser describe(String userId) {
    User user = identityService.createUserQuery().userId(userId).singleResult();
    List<String> groups =
        identityService.createGroupQuery().groupMember(userId).orderByGroupId().asc().list().stream()
            .map(Group::getId)
            .toList();
    Set<Side> sides = EnumSet.noneOf(Side.class);
    Set<Role> roles = EnumSet.noneOf(Role.class);
    groups.stream()
        .map(MechanismGroup::byGroupId)
        .flatMap(Optional::stream)
        .forEach(
            group -> {
              roles.add(group.role());
              group.side().ifPresent(sides::add);
            });
    String name =
        user == null
            ? userId
            : Stream.of(user.getFirstName(), user.getLastName())
                .filter(part -> part != null && !part.isBlank())
                .collect(Collectors.joining(" "));
    return new CurrentUser(userId, name.isBlank() ? userId : name, groups, sides, roles);
  }
}
