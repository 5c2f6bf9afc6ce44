package org.tradeconsult.mechanism.system;

import jakarta.annotation.Priority;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.LinkedHashMap;
import java.util.Map;
import org.camunda.bpm.engine.OptimisticLockingException;
import org.camunda.bpm.engine.exception.NullValueException;
import org.camunda.bpm.engine.rest.exception.RestException;
import org.glassfish.jersey.spi.ExtendedExceptionMapper;

/**
 * For the engine REST API ({@code /engine-rest}): three failures that Camunda's resources answer
 * 500 are not faults of the service, and answer what they are, in Camunda's error format:
 *
 * <ul>
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

  @Override
  public boolean isMappable(E e) {
    return status(e) != null;
  }

  @Override
  public Response toResponse(E e) {
    Response.Status status = status(e);
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
    }
    return null;
  }

  /** Failures the resources wrapped (Camunda answers them with the RestException's status, mostly 500). */
  @Priority(1)
  static final class WrappedFailures extends EngineRestFailureMapper<RestException> {
    @Override
    public boolean isMappable(RestException e) {
      return (e.getStatus() == null || e.getStatus().getStatusCode() >= 500) && super.isMappable(e);
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
