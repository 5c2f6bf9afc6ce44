package org.tradeconsult.mechanism.system;

import java.util.function.Consumer;
import org.camunda.bpm.engine.AuthorizationException;
import org.camunda.bpm.engine.ProcessEngineException;
import org.camunda.bpm.engine.impl.interceptor.Command;
import org.camunda.bpm.engine.impl.interceptor.CommandInterceptor;
import org.tradeconsult.mechanism.validation.InvalidInputException;

/**
 * Outermost engine interceptor, outside the transaction, for refused commands.
 *
 * <ul>
 *   <li>The engine wraps whatever a task listener throws into a plain {@link
 *       ProcessEngineException}, which REST clients and Tasklist receive as a 500. Our listeners
 *       refuse on purpose, with an {@link InvalidInputException} (400) or an {@link
 *       AuthorizationException} (403): those are handed on as they were thrown.
 *   <li>The engine's own authorization refusals are reported to {@code onEngineRefusal}, so that
 *       every refused attempt is on record (our listeners record their own).
 *   <li>A password refused by Camunda's password policy comes as a plain {@link
 *       ProcessEngineException} (500 over REST); it is handed on as invalid input of the field
 *       {@code password}.
 * </ul>
 */
class RefusalInterceptor extends CommandInterceptor {

  /** The message of SaveUserCmd when a password breaks the policy (Camunda 7.24 has no type for it). */
  static final String PASSWORD_POLICY_REFUSAL = "Password does not match policy";

  private final Consumer<AuthorizationException> onEngineRefusal;

  RefusalInterceptor(Consumer<AuthorizationException> onEngineRefusal) {
    this.onEngineRefusal = onEngineRefusal;
  }

  @Override
  public <T> T execute(Command<T> command) {
    try {
      return next.execute(command);
    } catch (AuthorizationException e) {
      onEngineRefusal.accept(e);
      throw e;
    } catch (ProcessEngineException e) {
      ProcessEngineException refusal = deliberateRefusal(e);
      if (refusal == null && e.getClass() == ProcessEngineException.class && PASSWORD_POLICY_REFUSAL.equals(e.getMessage())) {
        refusal = new InvalidInputException("password",
            "does not meet the password policy (GET /engine-rest/identity/password-policy lists its rules)");
      }
      throw refusal != null ? refusal : e;
    }
  }

  /** Our refusal under the engine's plain wrappers (a delegate task listener is wrapped twice). */
  private static ProcessEngineException deliberateRefusal(ProcessEngineException e) {
    Throwable current = e;
    for (int depth = 0; depth < 5 && current != null && current.getClass() == ProcessEngineException.class; depth++) {
      current = current.getCause();
      if (current instanceof InvalidInputException || current instanceof AuthorizationException) {
        return (ProcessEngineException) current;
      }
    }
    return null;
  }
}
