package org.tradeconsult.mechanism.system;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.URI;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * {@code /error} is where the servlet container forwards a failed request to render its error; it
 * must stay open for that (an error of an anonymous caller is rendered too). Requested directly it
 * has no error to render, and Boot's error controller answered 500 ({@code "status": 999}): such
 * a request answers 404 instead. Forwards (error dispatches) pass, as this filter sees only
 * requests that come from a client.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 20)
class DirectErrorRequestFilter extends OncePerRequestFilter {

  static final String ERROR_PATH = "/error";

  private final ProblemResponses problems;

  DirectErrorRequestFilter(ProblemResponses problems) {
    this.problems = problems;
  }

  @Override
  protected boolean shouldNotFilter(HttpServletRequest request) {
    String path = request.getRequestURI().substring(request.getContextPath().length());
    return !(path.equals(ERROR_PATH) || path.startsWith(ERROR_PATH + "/"));
  }

  @Override
  protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws ServletException, IOException {
    ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.NOT_FOUND, "No such page.");
    problem.setType(URI.create(ApiExceptionHandler.TYPE_BASE + "not-found"));
    problems.send(request, response, problem);
  }
}
