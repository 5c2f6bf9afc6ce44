package org.tradeconsult.mechanism.system;

import jakarta.annotation.Priority;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.camunda.bpm.engine.OptimisticLockingException;
import org.camunda.bpm.engine.exception.NullValueException;
import org.camunda.bpm.engine.impl.form.validator.FormFieldValidationException;
import org.camunda.bpm.engine.rest.exception.RestException;
import org.glassfish.jersey.spi.ExtendedExceptionMapper;
import org.tradeconsult.mechanism.validation.InvalidInputException;

/**
 * For the engine REST API ({@code /engine-rest}): failures that Camunda's resources answer 500
 * are not faults of the service, and answer what they are, in Camunda's error format:
 *
 * <ul>
 *   <li>refused input ({@link #REFUSED_INPUT}): 400, with the {@code field} where there is one.
 *       Our own refusals ({@link InvalidInputException}, e.g. a start of {@code consultation-round}
 *       without a title or with a business key that is no round id), which the start resources
 *       wrap in a 500; and the engine's own, which it throws as plain {@code
 *       ProcessEngineException}s;
 *   <li>the task (or other object) is gone, e.g. a round was cancelled while its co-lead
 *       approved: 404;
 *   <li>two requests changed the same process instance at the same instant (optimistic
 *       locking): 409, retry;
 *   <li>the database cannot be reached: 503 with Retry-After.
 * </ul>
 *
 * Everything else is left to Camunda's own mappers ({@link #isMappable} is false). Jersey uses
 * the first mapper it finds for the nearest exception type; the priority (not inherited, so on
 * each mapper) puts these before Camunda's.
 */
abstract class EngineRestFailureMapper<E extends Throwable> implements ExtendedExceptionMapper<E> {

  /**
   * The engine's refusals of a request that can never succeed, each a plain {@code
   * ProcessEngineException} told apart by its message (Camunda 7.24 has no type for them; the
   * codes are Camunda's stable log codes). {@code BadInputNever500Test} fails if one changes.
   */
  static final List<String> REFUSED_INPUT = List.of(
      // a variable in Java's serialization format (javaSerializationFormatEnabled is off)
      "ENGINE-17007",
      // a deployment resource that does not parse, e.g. a DOCTYPE (XML entities are refused)
      "ENGINE-09003",
      // POST /condition: no process starts on a condition, so there is nothing to evaluate
      "ENGINE-13043",
      // DELETE /task/{id} of a process's task: it is worked, never deleted
      "The task cannot be deleted because is part of a running process");

  private static final Pattern VARIABLE_NAME = Pattern.compile("variable with name ([^ ]+?)\\.");

  @Override
  public boolean isMappable(E e) {
    return status(e) != null;
  }

  @Override
  public Response toResponse(E e) {
    Response.Status status = status(e);
    if (status == Response.Status.BAD_REQUEST) {
      return refusedInput(refusal(e));
    }
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("type", switch (status) {
      case NOT_FOUND -> "NotFound";
      case CONFLICT -> OptimisticLockingException.class.getSimpleName();
      default -> "DatabaseUnavailable";
    });
    body.put("message", status == Response.Status.SERVICE_UNAVAILABLE
        ? "The database cannot be reached right now; nothing of this request was kept. Retry later."
        : e.getMessage());
    Response.ResponseBuilder response = Response.status(status).type(MediaType.APPLICATION_JSON_TYPE).entity(body);
    if (status == Response.Status.SERVICE_UNAVAILABLE) {
      response.header("Retry-After", DatabaseUnavailable.RETRY_AFTER_SECONDS);
    }
    return response.build();
  }

  static Response.Status status(Throwable e) {
    if (DatabaseUnavailable.isCause(e)) {
      return Response.Status.SERVICE_UNAVAILABLE;
    }
    for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
      if (t instanceof OptimisticLockingException) {
        return Response.Status.CONFLICT;
      }
      if (t instanceof org.camunda.bpm.engine.exception.NotFoundException
          || t instanceof NullValueException && String.valueOf(t.getMessage()).contains("Cannot find")) {
        return Response.Status.NOT_FOUND;
      }
      if (isRefusal(t)) {
        return Response.Status.BAD_REQUEST;
      }
    }
    return null;
  }

  private static boolean isRefusal(Throwable t) {
    String message = String.valueOf(t.getMessage());
    return t instanceof FormFieldValidationException || REFUSED_INPUT.stream().anyMatch(message::startsWith);
  }

  /** The refusal itself, under the resources' wrappers (whose message only repeats it). */
  private static Throwable refusal(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
      if (isRefusal(t)) {
        return t;
      }
    }
    return e;
  }

  private static Response refusedInput(Throwable refusal) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("type", refusal instanceof InvalidInputException ? InvalidInputException.class.getSimpleName() : "InvalidRequestException");
    body.put("message", refusal.getMessage());
    Matcher variable = VARIABLE_NAME.matcher(String.valueOf(refusal.getMessage()));
    if (refusal instanceof InvalidInputException invalid) {
      body.put("field", invalid.getField());
    } else if (variable.find()) {
      body.put("field", variable.group(1));
    }
    return Response.status(Response.Status.BAD_REQUEST).type(MediaType.APPLICATION_JSON_TYPE).entity(body).build();
  }

  /** Failures the resources wrapped (Camunda answers them with the RestException's status, mostly 500). */
  @Priority(1)
  static final class WrappedFailures extends EngineRestFailureMapper<RestException> {
    @Override
    public boolean isMappable(RestException e) {
      // 500s, and the 400s in which Camunda wrapped our refusal: answered with its field
      return (e.getStatus() == null || e.getStatus().getStatusCode() >= 500 || refusal(e) instanceof InvalidInputException)
          && super.isMappable(e);
    }
  }

  /** Failures of the engine that reach JAX-RS unwrapped. */
  @Priority(1)
  static final class EngineFailures extends EngineRestFailureMapper<org.camunda.bpm.engine.ProcessEngineException> {}

  /** No transaction could begin (no connection): Spring's exception, which Camunda's mappers answer 500. */
  @Priority(1)
  static final class TransactionFailures extends EngineRestFailureMapper<org.springframework.transaction.TransactionException> {}

  /** Spring's JDBC failures, e.g. a connection lost inside a delegate's query. */
  @Priority(1)
  static final class DataAccessFailures extends EngineRestFailureMapper<org.springframework.dao.DataAccessException> {}
}
