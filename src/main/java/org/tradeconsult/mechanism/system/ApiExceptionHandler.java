package org.tradeconsult.mechanism.system;

import java.net.URI;
import java.util.Map;
import java.util.TreeMap;
import org.camunda.bpm.engine.AuthorizationException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.MethodArgumentNotValidException;
import org.springframework.web.context.request.WebRequest;
import org.springframework.http.ProblemDetail;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;
import org.tradeconsult.mechanism.round.RoundFinishedException;
import org.tradeconsult.mechanism.round.RoundNotFoundException;
import org.tradeconsult.mechanism.validation.InvalidInputException;

/** Our API's errors as RFC 9457 problem details, with the offending field where there is one. */
@RestControllerAdvice
class ApiExceptionHandler extends ResponseEntityExceptionHandler {

  static final String TYPE_BASE = "https://tradeconsult.org/problems/";

  @Override
  protected ResponseEntity<Object> handleMethodArgumentNotValid(
      MethodArgumentNotValidException e, HttpHeaders headers, HttpStatusCode status, WebRequest request) {
    ProblemDetail problem = problem(HttpStatus.BAD_REQUEST, "invalid-input", "The request has invalid fields.");
    Map<String, String> fields = new TreeMap<>();
    e.getBindingResult().getFieldErrors().forEach(error -> fields.putIfAbsent(error.getField(), error.getDefaultMessage()));
    problem.setProperty("fields", fields);
    problem.setProperty("field", fields.keySet().stream().findFirst().orElse(null));
    return ResponseEntity.badRequest().body(problem);
  }

  @ExceptionHandler(InvalidInputException.class)
  ProblemDetail invalidInput(InvalidInputException e) {
    ProblemDetail problem = problem(HttpStatus.BAD_REQUEST, "invalid-input", e.getMessage());
    problem.setProperty("field", e.getField());
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

  @ExceptionHandler(AuthorizationException.class)
  ProblemDetail forbidden(AuthorizationException e) {
    return problem(HttpStatus.FORBIDDEN, "forbidden", e.getMessage());
  }

  private static ProblemDetail problem(HttpStatus status, String type, String detail) {
    ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
    problem.setType(URI.create(TYPE_BASE + type));
    return problem;
  }
}
