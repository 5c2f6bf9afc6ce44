package org.tradeconsult.mechanism.identity;

import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.identity.Group;
import org.camunda.bpm.engine.identity.User;
import org.springframework.stereotype.Service;

/** Describes users in the mechanism's terms: their sides and roles, from their groups. */
@Service
public class CurrentUserService {

  private final IdentityService identityService;

  CurrentUserService(IdentityService identityService) {
    this.identityService = identityService;
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
