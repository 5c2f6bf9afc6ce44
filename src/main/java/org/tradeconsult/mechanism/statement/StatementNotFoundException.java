package org.tradeconsult.mechanism.statement;

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;

/** No statement that the caller may see has this id (an embargoed one is not revealed either). */
public class StatementNotFoundException extends ErrorResponseException {

  public StatementNotFoundException(String id) {
    super(HttpStatus.NOT_FOUND, problem(id), null);
  }

  private static ProblemDetail problem(String id) {
    ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.NOT_FOUND, "No released statement with id '" + id + "'");
    problem.setType(java.net.URI.create("https://tradeconsult.org/problems/statement-not-found"));
    return problem;
  }
}
