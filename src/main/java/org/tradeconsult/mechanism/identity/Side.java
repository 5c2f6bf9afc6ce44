package org.tradeconsult.mechanism.identity;

/** The two parties of the mechanism. Every co-lead and secretariat belongs to exactly one. */
public enum Side {
  US,
  CN;

  /** The other party: the one that must answer this side's requests. */
  public Side counterpart() {
    return this == US ? CN : US;
  }
}
