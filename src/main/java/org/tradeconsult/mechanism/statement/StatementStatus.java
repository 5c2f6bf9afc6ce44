package org.tradeconsult.mechanism.statement;

/** Where a joint statement stands. Only RELEASED statements are ever shown to the public. */
public enum StatementStatus {
  DRAFTING,
  REVIEWING,
  SIGNING,
  SCHEDULED,
  RELEASED,
  CANCELLED
}
