package org.tradeconsult.mechanism.system;

import java.sql.SQLException;
import java.util.Set;
import java.util.function.Consumer;
import org.apache.ibatis.exceptions.PersistenceException;
import org.camunda.bpm.engine.AuthorizationException;
import org.camunda.bpm.engine.OptimisticLockingException;
import org.camunda.bpm.engine.ProcessEngineException;
import org.camunda.bpm.engine.ProcessEnginePersistenceException;
import org.camunda.bpm.engine.authorization.MissingAuthorization;
import org.camunda.bpm.engine.authorization.Resources;
import org.camunda.bpm.engine.exception.NotFoundException;
import org.camunda.bpm.engine.impl.interceptor.Command;
import org.camunda.bpm.engine.impl.interceptor.CommandContext;
import org.camunda.bpm.engine.impl.interceptor.CommandInterceptor;
import org.tradeconsult.mechanism.identity.GuardRefusal;
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
 *   <li>A task whose process instance a concurrent request ended has lost its rights with it:
 *       the refusal is answered as the task being gone (404), and not recorded as a refusal.
 *   <li>A process instance ended by a concurrent request under a command that is still using it
 *       makes the engine fail with a bare NullPointerException: handed on as a conflict (409).
 *   <li>Two transactions that change the same process instance can also meet in the database
 *       rather than in the engine's revision checks: a deadlock, a serialization failure, or,
 *       when the engine writes what it read before the other committed, a foreign key the other
 *       one's rows now hold (a cancellation deleting an execution a concurrent approval has just
 *       given a variable). Each is a concurrent change: handed on as a conflict (409, retry).
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
      String goneTask = goneTask(e);
      if (goneTask != null) {
        throw new NotFoundException("Task " + goneTask + " is gone: its process instance was ended by a concurrent request");
      }
      if (!(e instanceof GuardRefusal)) {
        onEngineRefusal.accept(e); // the guard's refusals are on record already
      }
      throw e;
    } catch (ProcessEngineException e) {
      ProcessEngineException refusal = deliberateRefusal(e);
      if (refusal == null && e.getClass() == ProcessEngineException.class && PASSWORD_POLICY_REFUSAL.equals(e.getMessage())) {
        refusal = new InvalidInputException("password",
            "does not meet the password policy (GET /engine-rest/identity/password-policy lists its rules)");
      }
      if (refusal == null) {
        refusal = concurrentWrite(command, e);
      }
      throw refusal != null ? refusal : e;
    } catch (NullPointerException e) {
      throw concurrentEnd(command, e);
    }
  }

  /**
   * A task's rights go with the task: when a concurrent request ended its process instance (a
   * round cancelled as its co-lead approves), the engine may have read the task but finds no
   * right to work it any more. That is not a refusal (nothing to audit) but a task that is gone
   * (404): the id of the task it was refused, if that task no longer exists.
   */
  private String goneTask(AuthorizationException e) {
    for (MissingAuthorization missing : e.getMissingAuthorizations()) {
      if (Resources.TASK.resourceName().equals(missing.getResourceType()) && missing.getResourceId() != null
          && !Boolean.TRUE.equals(next.execute(new TaskExists(missing.getResourceId())))) {
        return missing.getResourceId();
      }
    }
    return null;
  }

  /** Whether a task exists, read without authorization checks. */
  record TaskExists(String taskId) implements Command<Boolean> {
    @Override
    public Boolean execute(CommandContext commandContext) {
      return commandContext.getTaskManager().findTaskById(taskId) != null;
    }
  }

  /**
   * The engine reads a task and then its execution without a lock: when another transaction
   * ended the process instance in between (a round cancelled as its co-lead approves), the
   * execution is gone and the engine fails on it with a bare NullPointerException. That is a
   * concurrent change, answered like the engine's own optimistic-locking conflicts (409, retry;
   * the retry then finds the task gone). A NullPointerException from anywhere else is a fault
   * and passes unchanged.
   */
  static RuntimeException concurrentEnd(Command<?> command, NullPointerException e) {
    StackTraceElement[] trace = e.getStackTrace();
    if (trace.length == 0 || !trace[0].getClassName().startsWith("org.camunda.bpm.engine.impl.")) {
      return e;
    }
    OptimisticLockingException conflict = new OptimisticLockingException(command.getClass().getSimpleName()
        + " found what it works on ended by a concurrent request; retry");
    conflict.initCause(e);
    return conflict;
  }

  /** SQL states of two transactions colliding: serialization failure, deadlock (any statement). */
  private static final Set<String> COLLISIONS = Set.of("40001", "40P01");

  /** SQL state of a foreign key violation: a collision when the engine flushes what it read. */
  private static final String FOREIGN_KEY_VIOLATION = "23503";

  /**
   * The engine's own failure when the database refused its writes because a concurrent
   * transaction changed the same rows first: an {@link OptimisticLockingException} carrying the
   * database's reason (for the log), or null for any other failure.
   */
  static OptimisticLockingException concurrentWrite(Command<?> command, ProcessEngineException e) {
    if (e instanceof OptimisticLockingException) {
      return null;
    }
    boolean engineFlush = false;
    Throwable current = e;
    for (int depth = 0; depth < 12 && current != null; depth++, current = current.getCause()) {
      engineFlush |= current instanceof ProcessEnginePersistenceException || current instanceof PersistenceException;
      if (current instanceof SQLException sql) {
        for (SQLException each = sql; each != null; each = each.getNextException()) {
          String state = each.getSQLState();
          if (state != null && (COLLISIONS.contains(state) || (engineFlush && FOREIGN_KEY_VIOLATION.equals(state)))) {
            OptimisticLockingException conflict = new OptimisticLockingException(command.getClass().getSimpleName()
                + " collided with a concurrent transaction in the database (SQL state " + state + ": "
                + firstLine(each.getMessage()) + "); retry");
            conflict.initCause(e);
            return conflict;
          }
        }
      }
    }
    return null;
  }

  private static String firstLine(String message) {
    if (message == null) {
      return "";
    }
    int end = message.indexOf('\n');
    return end < 0 ? message : message.substring(0, end);
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
