package org.tradeconsult.mechanism.identity;

import java.util.Arrays;
import java.util.Optional;

/**
 * The Camunda groups the service creates at start-up. Group ids are what BPMN candidate groups
 * and Tasklist filters refer to, so they are fixed here and nowhere else.
 */
public enum MechanismGroup {
  US_CO_LEADS("us-co-leads", "U.S. co-leads / 美方牵头人", Side.US, Role.CO_LEAD),
  CN_CO_LEADS("cn-co-leads", "Chinese co-leads / 中方牵头人", Side.CN, Role.CO_LEAD),
  US_SECRETARIAT("us-secretariat", "U.S. secretariat / 美方秘书处", Side.US, Role.SECRETARIAT),
  CN_SECRETARIAT("cn-secretariat", "Chinese secretariat / 中方秘书处", Side.CN, Role.SECRETARIAT),
  OBSERVERS("observers", "Observers / 观察员", null, Role.OBSERVER),
  /** Camunda's own administrator group: its members bypass engine authorization checks. */
  ADMINISTRATORS("camunda-admin", "Administrators / 系统管理员", null, Role.ADMINISTRATOR);

  private final String groupId;
  private final String displayName;
  private final Side side;
  private final Role role;

  MechanismGroup(String groupId, String displayName, Side side, Role role) {
    this.groupId = groupId;
    this.displayName = displayName;
    this.side = side;
    this.role = role;
  }

  public String groupId() {
    return groupId;
  }

  public String displayName() {
    return displayName;
  }

  /** The side this group acts for; empty for observers and administrators. */
  public Optional<Side> side() {
    return Optional.ofNullable(side);
  }

  public Role role() {
    return role;
  }

  public static Optional<MechanismGroup> byGroupId(String groupId) {
    return Arrays.stream(values()).filter(g -> g.groupId.equals(groupId)).findFirst();
  }

  /** The group of the given role on the given side, e.g. the U.S. co-leads. */
  public static MechanismGroup of(Side side, Role role) {
    return Arrays.stream(values())
        .filter(g -> g.side == side && g.role == role)
        .findFirst()
        .orElseThrow(() -> new IllegalArgumentException("no group for " + side + " " + role));
  }
}
