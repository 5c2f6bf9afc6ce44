package org.tradeconsult.mechanism.round;

/** Where a round is held: in one of the two countries, or in a third country both agree on. */
public enum Host {
  US,
  CN,
  THIRD_COUNTRY
}
