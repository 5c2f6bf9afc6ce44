package org.tradeconsult.mechanism.round;

/**
 * The round was started and committed, but reading it back for the answer failed (the database
 * went away in between). The answer is still 201 (or 200 for a replay) with its Location: a
 * 503 would tell the caller that nothing was kept, and a retry without Idempotency-Key would
 * start the round twice.
 */
public class StartedRoundUnreadableException extends RuntimeException {

  private final String roundId;
  private final boolean created;

  public StartedRoundUnreadableException(String roundId, boolean created, Throwable cause) {
    super("Round " + roundId + " was started; its details cannot be read right now", cause);
    this.roundId = roundId;
    this.created = created;
  }

  public String roundId() {
    return roundId;
  }

  public boolean created() {
    return created;
  }
}
