package org.tradeconsult.mechanism.round;

/** The three levels the mechanism meets at (Phase One agreement, ch. 7; Geneva statement). */
public enum RoundLevel {
  /** The co-leads themselves. */
  PRINCIPAL,
  /** Deputies of the co-leads. */
  DEPUTY,
  /** Working-level consultations, convened as needed. */
  WORKING
}
