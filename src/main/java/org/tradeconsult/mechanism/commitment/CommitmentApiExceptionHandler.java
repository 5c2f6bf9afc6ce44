package org.tradeconsult.mechanism.commitment;

import java.net.URI;
import java.util.Map;
import org.camunda.bpm.engine.AuthorizationException;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.ErrorResponseException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.tradeconsult.mechanism.validation.InvalidInputException;

/**
 * Errors of {@code /api/v1/commitments} as RFC 9457 problem details, with the offending field:
 * the same answers as the rest of the API gives, scoped to this package and ahead of the
 * application-wide handler.
 */
@RestControllerAdvice(basePackageClasses = CommitmentController.class)
@Order(Ordered.HIGHEST_PRECEDENCE)
class CommitmentApiExceptionHandler {

  static final String TYPE_BASE = "https://tradeconsult.org/problems/";

  /** Bad input names the offending {@code field} and lists every wrong one in {@code fields} (name → what is wrong). */
  @ExceptionHandler(InvalidInputException.class)
  ProblemDetail invalidInput(InvalidInputException e) {
    CommitmentQuery.InvalidQueryException query = e instanceof CommitmentQuery.InvalidQueryException q ? q : null;
    String type = query != null && query.unknownParameter() ? "unknown-parameter" : "invalid-input";
    ProblemDetail problem = problem(HttpStatus.BAD_REQUEST, type, e.getMessage());
    problem.setProperty("field", e.getField());
    problem.setProperty("fields", query != null ? query.fields() : Map.of(e.getField(), e.getMessage()));
    return problem;
  }

  @ExceptionHandler(AuthorizationException.class)
  ProblemDetail forbidden(AuthorizationException e) {
    return problem(HttpStatus.FORBIDDEN, "forbidden", e.getMessage());
  }

  @ExceptionHandler(ErrorResponseException.class)
  ResponseEntity<ProblemDetail> errorResponse(ErrorResponseException e) {
    return ResponseEntity.status(e.getStatusCode()).body(e.getBody());
  }

  private static ProblemDetail problem(HttpStatus status, String type, String detail) {
    ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
    problem.setType(URI.create(TYPE_BASE + type));
    return problem;
  }
}
