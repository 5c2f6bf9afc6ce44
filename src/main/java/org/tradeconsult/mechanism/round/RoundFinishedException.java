package org.tradeconsult.mechanism.round;

/** The round has already ended, so it can no longer change. */
public class RoundFinishedException extends RuntimeException {

  public RoundFinishedException(String roundId, RoundStatus status) {
    super("Round '" + roundId + "' has already ended as " + status);
  }
}
