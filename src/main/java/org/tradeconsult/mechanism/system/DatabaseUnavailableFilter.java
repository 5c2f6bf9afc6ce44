package org.tradeconsult.mechanism.system;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Answers {@code 503} problem details when a request fails because the database cannot be
 * reached in a place that no controller advice sees: the HTTP Basic check (credentials live in
 * Camunda's identity tables), Spring Security's filters, the engine REST API's own resources.
 * Runs before Spring Security. Whatever the request had begun was rolled back with its
 * transaction.
 */
final class DatabaseUnavailableFilter extends OncePerRequestFilter {

  private static final Logger log = LoggerFactory.getLogger(DatabaseUnavailableFilter.class);

  private final ProblemResponses problems;

  DatabaseUnavailableFilter(ProblemResponses problems) {
    this.problems = problems;
  }

  @Override
  protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws ServletException, IOException {
    try {
      chain.doFilter(request, response);
    } catch (ServletException | IOException | RuntimeException e) {
      if (!DatabaseUnavailable.isCause(e) || response.isCommitted()) {
        throw e;
      }
      log.warn("MECH-API-503 database unavailable: {} {}: {}", request.getMethod(), request.getRequestURI(), rootMessage(e));
      response.reset();
      response.setHeader(HttpHeaders.RETRY_AFTER, String.valueOf(DatabaseUnavailable.RETRY_AFTER_SECONDS));
      problems.send(request, response, ApiExceptionHandler.databaseUnavailableProblem());
    }
  }

  static String rootMessage(Throwable e) {
    Throwable root = e;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    return root.getClass().getSimpleName() + ": " + root.getMessage();
  }
}
