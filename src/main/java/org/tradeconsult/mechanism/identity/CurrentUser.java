package org.tradeconsult.mechanism.identity;

import java.util.List;
import java.util.Set;

/**
 * Who is calling, in the mechanism's terms.
 *
 * @param userId the login name
 * @param name first and last name, as kept in the identity store
 * @param groups the user's Camunda group ids
 * @param sides the sides the user acts for (empty for observers and administrators)
 * @param roles what the user may do
 */
public record CurrentUser(
    String userId, String name, List<String> groups, Set<Side> sides, Set<Role> roles) {

  /** Whether the user holds the given role on the given side, e.g. the U.S. secretariat. */
  public boolean actsAs(Side side, Role role) {
    return groups.contains(MechanismGroup.of(side, role).groupId());
  }
}
