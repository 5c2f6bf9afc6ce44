package org.tradeconsult.mechanism.commitment;

import java.util.List;
import org.tradeconsult.mechanism.identity.MechanismGroup;
import org.tradeconsult.mechanism.identity.Role;
import org.tradeconsult.mechanism.identity.Side;

/** Who owns a commitment: one side, or both. */
public enum OwnerSide {
  US(List.of(Side.US)),
  CN(List.of(Side.CN)),
  BOTH(List.of(Side.US, Side.CN));

  private final List<Side> sides;

  OwnerSide(List<Side> sides) {
    this.sides = sides;
  }

  public List<Side> sides() {
    return sides;
  }

  /** The candidate groups of the secretariat tasks, e.g. {@code us-secretariat,cn-secretariat}. */
  String secretariats() {
    return String.join(",", sides.stream().map(side -> MechanismGroup.of(side, Role.SECRETARIAT).groupId()).toList());
  }
}
