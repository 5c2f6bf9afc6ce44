package org.tradeconsult.mechanism.statement;

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;

/** The release can be moved or cancelled only while it is scheduled and not being changed. */
public class StatementNotScheduledException extends ErrorResponseException {

  public StatementNotScheduledException(String id, StatementStatus status) {
    super(HttpStatus.CONFLICT, problem(id, status), null);
  }

  private static ProblemDetail problem(String id, StatementStatus status) {
    ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.CONFLICT,
        "The release of statement '" + id + "' cannot be changed now (status " + status + ", or a change is already awaiting agreement)");
    problem.setType(java.net.URI.create("https://tradeconsult.org/problems/release-not-changeable"));
    return problem;
  }
}
