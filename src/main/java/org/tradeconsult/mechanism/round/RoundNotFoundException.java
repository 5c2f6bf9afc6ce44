package org.tradeconsult.mechanism.round;

/** No round has this id. */
public class RoundNotFoundException extends RuntimeException {

  public RoundNotFoundException(String roundId) {
    super("No round with id '" + roundId + "'");
  }
}
