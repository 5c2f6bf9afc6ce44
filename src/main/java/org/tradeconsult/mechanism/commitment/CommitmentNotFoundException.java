package org.tradeconsult.mechanism.commitment;

import java.net.URI;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;

/** No agreed commitment has this id (a commitment still PROPOSED in its round does not count). */
class CommitmentNotFoundException extends ErrorResponseException {

  CommitmentNotFoundException(String id) {
    super(HttpStatus.NOT_FOUND, problem(id), null);
  }

  private static ProblemDetail problem(String id) {
    ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.NOT_FOUND, "No agreed commitment with id '" + id + "'");
    problem.setType(URI.create(CommitmentApiExceptionHandler.TYPE_BASE + "commitment-not-found"));
    return problem;
  }
}
