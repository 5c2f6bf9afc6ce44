package org.tradeconsult.mechanism.round;

/** A request with the same idempotency key is still being carried out; the caller may retry. */
public class IdempotencyKeyInUseException extends RuntimeException {

  IdempotencyKeyInUseException(String key) {
    super("A request with Idempotency-Key '" + key + "' is still being processed; retry it in a moment");
  }
}
