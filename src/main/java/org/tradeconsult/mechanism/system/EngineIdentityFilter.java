package org.tradeconsult.mechanism.system;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.List;
import org.camunda.bpm.engine.IdentityService;
import org.slf4j.MDC;
import org.springframework.security.authentication.AnonymousAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.filter.OncePerRequestFilter;
import org.tradeconsult.mechanism.identity.CamundaIdentityAuthenticationProvider;

/**
 * Hands the user that Spring Security authenticated to the process engine for the length of the
 * request. Without it the engine sees no user and skips every authorization check, so
 * {@code /engine-rest} and our own API would act with unlimited rights.
 */
final class EngineIdentityFilter extends OncePerRequestFilter {

  static final String MDC_USER = "user";

  private final IdentityService identityService;

  EngineIdentityFilter(IdentityService identityService) {
    this.identityService = identityService;
  }

  @Override
  protected void doFilterInternal(
      HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws ServletException, IOException {
    Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
    if (authentication == null
        || !authentication.isAuthenticated()
        || authentication instanceof AnonymousAuthenticationToken) {
      chain.doFilter(request, response);
      return;
    }
    List<String> groups = CamundaIdentityAuthenticationProvider.groupIds(authentication);
    identityService.setAuthentication(authentication.getName(), groups);
    MDC.put(MDC_USER, authentication.getName());
    try {
      chain.doFilter(request, response);
    } finally {
      identityService.clearAuthentication();
      MDC.remove(MDC_USER);
    }
  }
}
