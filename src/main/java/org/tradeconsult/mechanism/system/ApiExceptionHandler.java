package org.tradeconsult.mechanism.system;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import java.net.URI;
import java.sql.SQLTransientConnectionException;
import java.util.Collection;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import org.camunda.bpm.engine.AuthorizationException;
import org.camunda.bpm.engine.OptimisticLockingException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.annotation.AnnotatedElementUtils;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.jdbc.CannotGetJdbcConnectionException;
import org.springframework.transaction.CannotCreateTransactionException;
import org.springframework.beans.TypeMismatchException;
import org.springframework.web.bind.MethodArgumentNotValidException;
import org.springframework.web.method.annotation.HandlerMethodValidationException;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;
import org.tradeconsult.mechanism.round.IdempotencyKeyInUseException;
import org.tradeconsult.mechanism.round.IdempotencyKeyReusedException;
import org.tradeconsult.mechanism.round.InvalidFieldsException;
import org.tradeconsult.mechanism.round.RoundFinishedException;
import org.tradeconsult.mechanism.round.RoundNotFoundException;
import org.tradeconsult.mechanism.round.RoundQueryService;
import org.tradeconsult.mechanism.round.StartedRoundUnreadableException;
import org.tradeconsult.mechanism.round.UnknownParameterException;
import org.tradeconsult.mechanism.validation.InvalidInputException;

/**
 * Our API's errors as RFC 9457 problem details ({@code application/problem+json}). Every problem
 * has a {@code type} under {@link #TYPE_BASE}; input problems name the offending {@code field}
 * and list every wrong one in {@code fields} (name → what is wrong). Bad input never answers 500.
 *
 * <table>
 *   <caption>Problem types</caption>
 *   <tr><td>invalid-input</td><td>400</td><td>a field is missing, too long, of the wrong type, an unknown code, or breaks a rule (dates)</td></tr>
 *   <tr><td>unknown-property</td><td>400</td><td>the body has a property the endpoint does not know</td></tr>
 *   <tr><td>unknown-parameter</td><td>400</td><td>the query has a parameter the endpoint does not know</td></tr>
 *   <tr><td>malformed-request</td><td>400</td><td>the body is missing, not JSON, or not a JSON object</td></tr>
 *   <tr><td>bad-request</td><td>400</td><td>any other refusal of Spring MVC</td></tr>
 *   <tr><td>forbidden</td><td>403</td><td>the caller may not do this</td></tr>
 *   <tr><td>round-not-found, not-found</td><td>404</td><td>no such round; no such path</td></tr>
 *   <tr><td>method-not-allowed, not-acceptable</td><td>405, 406</td><td></td></tr>
 *   <tr><td>round-finished</td><td>409</td><td>the round has already ended</td></tr>
 *   <tr><td>idempotency-key-reused</td><td>409</td><td>the Idempotency-Key was used for a different request</td></tr>
 *   <tr><td>idempotency-key-in-use</td><td>409</td><td>the first request with this key is still running (Retry-After)</td></tr>
 *   <tr><td>concurrent-change</td><td>409</td><td>someone else changed the same thing at the same instant; retry</td></tr>
 *   <tr><td>payload-too-large</td><td>413</td><td>the body is larger than mechanism.http.max-request-body (RequestSizeLimitFilter)</td></tr>
 *   <tr><td>unsupported-media-type</td><td>415</td><td>the body is not application/json</td></tr>
 *   <tr><td>internal-error</td><td>500</td><td>a fault of ours, logged with MECH-API-500</td></tr>
 *   <tr><td>database-unavailable</td><td>503</td><td>the database cannot be reached; nothing was kept; retry after Retry-After seconds (MECH-API-503)</td></tr>
 * </table>
 *
 * 401 and the 403 of Spring Security come from {@code ProblemResponses}, before any controller.
 * A property added to a problem here belongs in the {@code ProblemDetail} schema of
 * {@code round.ApiDocumentation} too; {@code OpenApiValidationTest} compares the two.
 */
@RestControllerAdvice
class ApiExceptionHandler extends ResponseEntityExceptionHandler {

  static final String TYPE_BASE = "https://tradeconsult.org/problems/";

  private static final Logger log = LoggerFactory.getLogger(ApiExceptionHandler.class);
  private static final URI ABOUT_BLANK = URI.create("about:blank");
  private static final String IDEMPOTENCY_KEY = "Idempotency-Key";

  @Override
  protected ResponseEntity<Object> handleMethodArgumentNotValid(
      MethodArgumentNotValidException e, HttpHeaders headers, HttpStatusCode status, WebRequest request) {
    ProblemDetail problem = problem(HttpStatus.BAD_REQUEST, "invalid-input", "The request has invalid fields.");
    Map<String, String> fields = new TreeMap<>();
    e.getBindingResult().getFieldErrors().forEach(error -> fields.putIfAbsent(error.getField(), error.getDefaultMessage()));
    problem.setProperty("field", fields.keySet().stream().findFirst().orElse(null));
    problem.setProperty("fields", fields);
    return ResponseEntity.badRequest().body(problem);
  }

  /** A query parameter or path variable that does not convert, e.g. {@code page=abc}: invalid input with its name. */
  @Override
  protected ResponseEntity<Object> handleTypeMismatch(
      TypeMismatchException e, HttpHeaders headers, HttpStatusCode status, WebRequest request) {
    String field = e instanceof MethodArgumentTypeMismatchException mismatch ? mismatch.getName() : e.getPropertyName();
    String detail = "Field '" + field + "' " + expected(e.getRequiredType()) + ", not '" + e.getValue() + "'";
    return ResponseEntity.badRequest().body(invalidFields(Map.of(String.valueOf(field), detail)));
  }

  /** A query parameter out of its range, e.g. {@code size=0}: invalid input with its name. */
  @Override
  protected ResponseEntity<Object> handleHandlerMethodValidationException(
      HandlerMethodValidationException e, HttpHeaders headers, HttpStatusCode status, WebRequest request) {
    Map<String, String> fields = new TreeMap<>();
    e.getParameterValidationResults().forEach(result -> {
      String name = result.getMethodParameter().getParameterName();
      String message = result.getResolvableErrors().isEmpty() ? "is invalid" : result.getResolvableErrors().get(0).getDefaultMessage();
      fields.putIfAbsent(String.valueOf(name), "Field '" + name + "' " + message);
    });
    return ResponseEntity.badRequest().body(invalidFields(fields));
  }

  private static ProblemDetail invalidFields(Map<String, String> fields) {
    ProblemDetail problem = problem(HttpStatus.BAD_REQUEST, "invalid-input",
        fields.isEmpty() ? "The request has invalid fields." : fields.values().iterator().next());
    problem.setProperty("field", fields.keySet().stream().findFirst().orElse(null));
    problem.setProperty("fields", new TreeMap<>(fields));
    return problem;
  }

  /** The body could not be read: not JSON, not an object, an unknown property, or a value of the wrong type. */
  @Override
  protected ResponseEntity<Object> handleHttpMessageNotReadable(
      HttpMessageNotReadableException e, HttpHeaders headers, HttpStatusCode status, WebRequest request) {
    return handleExceptionInternal(e, unreadable(e), headers, HttpStatus.BAD_REQUEST, request);
  }

  /** Spring MVC's own refusals (404, 405, 415, …) get a type of ours instead of about:blank. */
  @Override
  protected ResponseEntity<Object> handleExceptionInternal(
      Exception e, Object body, HttpHeaders headers, HttpStatusCode statusCode, WebRequest request) {
    ResponseEntity<Object> response = super.handleExceptionInternal(e, body, headers, statusCode, request);
    if (response != null && response.getBody() instanceof ProblemDetail problem && ABOUT_BLANK.equals(problem.getType())) {
      problem.setType(URI.create(TYPE_BASE + typeOf(statusCode)));
    }
    return response;
  }

  @ExceptionHandler(InvalidInputException.class)
  ProblemDetail invalidInput(InvalidInputException e) {
    String type = e instanceof UnknownParameterException ? "unknown-parameter" : "invalid-input";
    ProblemDetail problem = problem(HttpStatus.BAD_REQUEST, type, e.getMessage());
    problem.setProperty("field", e.getField());
    problem.setProperty("fields", e instanceof InvalidFieldsException several ? several.fields() : Map.of(e.getField(), e.getMessage()));
    return problem;
  }

  @ExceptionHandler(RoundNotFoundException.class)
  ProblemDetail notFound(RoundNotFoundException e) {
    return problem(HttpStatus.NOT_FOUND, "round-not-found", e.getMessage());
  }

  @ExceptionHandler(RoundFinishedException.class)
  ProblemDetail finished(RoundFinishedException e) {
    return problem(HttpStatus.CONFLICT, "round-finished", e.getMessage());
  }

  @ExceptionHandler(IdempotencyKeyReusedException.class)
  ProblemDetail idempotencyKeyReused(IdempotencyKeyReusedException e) {
    ProblemDetail problem = problem(HttpStatus.CONFLICT, "idempotency-key-reused", e.getMessage());
    problem.setProperty("field", IDEMPOTENCY_KEY);
    return problem;
  }

  @ExceptionHandler(IdempotencyKeyInUseException.class)
  ResponseEntity<ProblemDetail> idempotencyKeyInUse(IdempotencyKeyInUseException e) {
    ProblemDetail problem = problem(HttpStatus.CONFLICT, "idempotency-key-in-use", e.getMessage());
    problem.setProperty("field", IDEMPOTENCY_KEY);
    return ResponseEntity.status(HttpStatus.CONFLICT).header(HttpHeaders.RETRY_AFTER, "1").body(problem);
  }

  @ExceptionHandler(OptimisticLockingException.class)
  ProblemDetail concurrentChange(OptimisticLockingException e) {
    log.info("MECH-API-409 concurrent change: {}", e.getMessage());
    return problem(HttpStatus.CONFLICT, "concurrent-change", "Someone changed the same round at the same instant; retry the request.");
  }

  @ExceptionHandler(AuthorizationException.class)
  ProblemDetail forbidden(AuthorizationException e) {
    return problem(HttpStatus.FORBIDDEN, "forbidden", e.getMessage());
  }

  /**
   * The database cannot be reached (pool timeout, refused connection, server shutting down),
   * however deeply the engine or MyBatis wrapped it: 503 with Retry-After, never 500. The
   * transaction of the request was rolled back, so nothing of it was kept.
   */
  @ExceptionHandler({CannotGetJdbcConnectionException.class, CannotCreateTransactionException.class,
      DataAccessResourceFailureException.class, SQLTransientConnectionException.class})
  ResponseEntity<ProblemDetail> databaseUnavailable(Exception e) {
    log.warn("MECH-API-503 database unavailable: {}", DatabaseUnavailableFilter.rootMessage(e));
    return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE)
        .header(HttpHeaders.RETRY_AFTER, String.valueOf(DatabaseUnavailable.RETRY_AFTER_SECONDS))
        .contentType(MediaType.APPLICATION_PROBLEM_JSON)
        .body(databaseUnavailableProblem());
  }

  /** Started and committed, but not readable for the answer: still 201/200 with Location and the id, never 503. */
  @ExceptionHandler(StartedRoundUnreadableException.class)
  ResponseEntity<Map<String, Object>> startedButUnreadable(StartedRoundUnreadableException e) {
    log.warn("MECH-API-201 round {} started; reading it back failed: {}", e.roundId(), DatabaseUnavailableFilter.rootMessage(e));
    return ResponseEntity.status(e.created() ? HttpStatus.CREATED : HttpStatus.OK)
        .location(URI.create(RoundQueryService.API_PATH + e.roundId()))
        .header("Idempotent-Replayed", String.valueOf(!e.created()))
        .header(HttpHeaders.RETRY_AFTER, String.valueOf(DatabaseUnavailable.RETRY_AFTER_SECONDS))
        .body(Map.of("round", Map.of("id", e.roundId()), "detail", e.getMessage() + "; GET the Location later."));
  }

  static ProblemDetail databaseUnavailableProblem() {
    return problem(HttpStatus.SERVICE_UNAVAILABLE, "database-unavailable",
        "The database cannot be reached right now; nothing of this request was kept. Retry later.");
  }

  /** A fault of ours: logged in full, answered without internals. Exceptions that declare their status keep it. */
  @ExceptionHandler(Exception.class)
  ResponseEntity<ProblemDetail> unexpected(Exception e) {
    if (DatabaseUnavailable.isCause(e)) {
      return databaseUnavailable(e);
    }
    return ResponseEntity.of(unexpectedProblem(e)).build();
  }

  private ProblemDetail unexpectedProblem(Exception e) {
    ResponseStatus declared = AnnotatedElementUtils.findMergedAnnotation(e.getClass(), ResponseStatus.class);
    if (declared != null) {
      return problem(HttpStatus.valueOf(declared.code().value()), typeOf(declared.code()),
          declared.reason().isEmpty() ? e.getMessage() : declared.reason());
    }
    log.error("MECH-API-500 unexpected failure", e);
    return problem(HttpStatus.INTERNAL_SERVER_ERROR, "internal-error", "The service failed; the failure is logged.");
  }

  private static ProblemDetail unreadable(HttpMessageNotReadableException e) {
    Throwable cause = e.getCause();
    if (cause instanceof UnrecognizedPropertyException unknown) {
      String field = path(unknown);
      Collection<Object> known = unknown.getKnownPropertyIds();
      ProblemDetail problem = problem(HttpStatus.BAD_REQUEST, "unknown-property",
          "Property '" + field + "' is not known" + (known == null ? "" : "; known: " + new TreeSet<>(known.stream().map(String::valueOf).toList())));
      problem.setProperty("field", field);
      problem.setProperty("fields", Map.of(field, "is not known"));
      return problem;
    }
    if (cause instanceof MismatchedInputException mismatch && !mismatch.getPath().isEmpty()) {
      String field = path(mismatch);
      String detail = "Field '" + field + "' " + expected(mismatch.getTargetType());
      ProblemDetail problem = problem(HttpStatus.BAD_REQUEST, "invalid-input", detail);
      problem.setProperty("field", field);
      problem.setProperty("fields", Map.of(field, detail));
      return problem;
    }
    String detail;
    if (cause instanceof MismatchedInputException) {
      detail = "The body must be one JSON object.";
    } else if (cause instanceof JsonProcessingException json) {
      detail = "The body is not valid JSON: " + json.getOriginalMessage()
          + (json.getLocation() == null ? "" : " (line " + json.getLocation().getLineNr() + ", column " + json.getLocation().getColumnNr() + ")");
    } else {
      detail = "The request needs a JSON body.";
    }
    return problem(HttpStatus.BAD_REQUEST, "malformed-request", detail);
  }

  /** {@code topics[2]}, {@code title}: where in the body the problem is. */
  private static String path(JsonMappingException e) {
    StringBuilder path = new StringBuilder();
    for (JsonMappingException.Reference reference : e.getPath()) {
      if (reference.getFieldName() != null) {
        path.append(path.isEmpty() ? "" : ".").append(reference.getFieldName());
      } else if (reference.getIndex() >= 0) {
        path.append('[').append(reference.getIndex()).append(']');
      }
    }
    return path.toString();
  }

  private static String expected(Class<?> type) {
    if (type == null) {
      return "has a value of the wrong type";
    }
    if (type == Boolean.class || type == boolean.class) {
      return "must be true or false";
    }
    if (Collection.class.isAssignableFrom(type) || type.isArray()) {
      return "must be a list";
    }
    if (type == String.class) {
      return "must be text";
    }
    if (Number.class.isAssignableFrom(type) || type.isPrimitive()) {
      return "must be a number";
    }
    if (type == java.time.Instant.class) {
      return "must be an ISO-8601 instant as text, e.g. 2027-05-12T08:00:00Z";
    }
    return "must be an object";
  }

  private static String typeOf(HttpStatusCode status) {
    return switch (status.value()) {
      case 400 -> "bad-request";
      case 401 -> "unauthenticated";
      case 403 -> "forbidden";
      case 404 -> "not-found";
      case 405 -> "method-not-allowed";
      case 406 -> "not-acceptable";
      case 409 -> "conflict";
      case 413 -> "payload-too-large";
      case 415 -> "unsupported-media-type";
      case 503 -> "unavailable";
      default -> status.is5xxServerError() ? "internal-error" : "http-" + status.value();
    };
  }

  private static ProblemDetail problem(HttpStatus status, String type, String detail) {
    ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
    problem.setType(URI.create(TYPE_BASE + type));
    return problem;
  }
}
