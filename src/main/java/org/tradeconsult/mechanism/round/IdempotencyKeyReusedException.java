package org.tradeconsult.mechanism.round;

/** The caller used an idempotency key again, but for a different request. */
public class IdempotencyKeyReusedException extends RuntimeException {

  IdempotencyKeyReusedException(String key, String resourceId) {
    super("Idempotency-Key '" + key + "' was already used for a different request (which created '" + resourceId
        + "'); use a new key for a new request");
  }
}
