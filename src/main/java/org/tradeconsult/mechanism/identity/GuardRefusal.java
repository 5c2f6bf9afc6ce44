package org.tradeconsult.mechanism.identity;

import org.camunda.bpm.engine.AuthorizationException;

/**
 * A refusal of {@link EngineCommandGuard} or the service's own rules: answered 403 like the
 * engine's authorization refusals, and already on record when thrown (not audited twice).
 */
public class GuardRefusal extends AuthorizationException {

  public GuardRefusal(String message) {
    super(message);
  }
}
