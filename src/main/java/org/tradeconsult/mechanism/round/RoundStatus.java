package org.tradeconsult.mechanism.round;

/** Where a round stands. The last five are final. */
public enum RoundStatus {
  REQUESTED(false),
  AWAITING_COUNTERPART(false),
  PREPARING(false),
  IN_SESSION(false),
  AWAITING_CO_LEAD_APPROVAL(false),
  AWAITING_LEADERS(false),
  COMMUNICATING_OUTCOME(false),
  IMPLEMENTING(false),
  CONCLUDED(true),
  NO_AGREEMENT(true),
  DECLINED(true),
  LAPSED(true),
  CANCELLED(true);

  private final boolean terminal;

  RoundStatus(boolean terminal) {
    this.terminal = terminal;
  }

  public boolean isTerminal() {
    return terminal;
  }
}
