package org.tradeconsult.mechanism.round;

/** How a round came about. */
public enum RoundType {
  /** Convened by a secretariat or by the schedule. */
  REGULAR,
  /** Requested by one side for an urgent matter; the other side answers. */
  AD_HOC
}
