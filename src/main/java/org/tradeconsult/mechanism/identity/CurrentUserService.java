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

  /**
   * Set while the service runs an engine call it has checked itself under a person's identity
   * (e.g. an API request starting a round): {@link EngineCommandGuard} lets that call through,
   * the engine still checks the person's authorizations.
   */
  private static final ThreadLocal<Boolean> CHECKED_BY_SERVICE = new ThreadLocal<>();

  /** Whether the current engine call was checked by the service itself (see {@link #checkedByService}). */
  static boolean isCheckedByService() {
    return Boolean.TRUE.equals(CHECKED_BY_SERVICE.get());
  }

  /** Runs an engine call that the service has already checked, still as the current user. */
  public <T> T checkedByService(Supplier<T> action) {
    Boolean outer = CHECKED_BY_SERVICE.get();
    CHECKED_BY_SERVICE.set(Boolean.TRUE);
    try {
      return action.get();
    } finally {
      if (outer == null) {
        CHECKED_BY_SERVICE.remove();
      }
    }
  }

  /** Whether the service itself acts (timers, start-up, our services): no person is authenticated. */
  public boolean isService() {
    Authentication authentication = identityService.getCurrentAuthentication();
    return authentication == null || authentication.getUserId() == null;
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
