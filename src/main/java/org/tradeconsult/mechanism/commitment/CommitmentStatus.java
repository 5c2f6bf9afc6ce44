package org.tradeconsult.mechanism.commitment;

/**
 * Where an agreed commitment stands. {@code CLOSED} and {@code LAPSED} are final: a commitment
 * without a period is closed once its implementation is confirmed (or when its round is cancelled);
 * a commitment with a period lapses when its last period ends.
 */
public enum CommitmentStatus {
  /** Agreed by both co-leads; the reminder date has not come yet. */
  PENDING(false),
  /** The owner side's secretariat has been asked to confirm the implementation. */
  DUE_SOON(false),
  /** The implementation was confirmed (transient when there is nothing more to follow). */
  IMPLEMENTED(false),
  /** Not confirmed by the end of the due day (UTC); both sides' co-leads review it. */
  OVERDUE(false),
  /** Implemented, and its period (e.g. a suspension) runs. */
  IN_PERIOD(false),
  /** The period ends soon: extend it, or let it lapse. */
  PERIOD_ENDING(false),
  /** The period ended, by decision or because nobody decided. */
  LAPSED(true),
  /** Implemented with nothing more to follow, or no longer followed because its round was cancelled. */
  CLOSED(true);

  private final boolean terminal;

  CommitmentStatus(boolean terminal) {
    this.terminal = terminal;
  }

  public boolean isTerminal() {
    return terminal;
  }
}
