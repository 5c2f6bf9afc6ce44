package org.tradeconsult.mechanism.system;

import java.util.Arrays;
import org.camunda.bpm.engine.IdentityService;
import org.springframework.http.HttpMethod;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configurers.AbstractHttpConfigurer;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.access.intercept.AuthorizationFilter;
import org.springframework.security.web.servlet.util.matcher.PathPatternRequestMatcher;
import org.springframework.security.web.authentication.LoginUrlAuthenticationEntryPoint;
import org.springframework.security.web.util.matcher.AnyRequestMatcher;
import org.springframework.security.web.util.matcher.OrRequestMatcher;
import org.springframework.security.web.util.matcher.RequestMatcher;

/**
 * Who may call what over HTTP.
 *
 * <ul>
 *   <li>Camunda's webapps ({@code /camunda/**}) keep their own login and CSRF protection, which
 *       Spring Security leaves alone; only the first-admin set-up page is closed, because the
 *       administrator comes from the environment.
 *   <li>The status board ({@code /dashboard}) logs in with a form and a session; GET requests of
 *       the API accept that session too, so the board can read them.
 *   <li>Everything else needs HTTP Basic credentials checked against Camunda's identity service,
 *       and the engine then acts as that user, so its authorizations apply to {@code
 *       /engine-rest} and to our API alike. Health and info stay open for load balancers.
 * </ul>
 */
@Configuration(proxyBeanMethods = false)
class SecurityConfiguration {

  static final String[] OPEN_PATHS = {
    "/", "/error", "/actuator/health", "/actuator/health/**", "/actuator/info",
    // Tasklist's login page probes for Camunda's welcome app; a Basic challenge there would
    // open the browser's own password dialog over the login form. Open, it answers 404.
    "/camunda-welcome", "/camunda-welcome/**",
    // Browsers ask for it on every page; a challenge there would open the password dialog too.
    "/favicon.ico"
  };

  /** The style sheet of Spring Security's login page, served by the login chain itself. */
  static final String LOGIN_STYLE = "/default-ui.css";

  /** Pages for people in a browser, with a login form and a session. */
  static final String[] BROWSER_PAGES = {"/dashboard", "/dashboard/**", "/login", "/logout", LOGIN_STYLE};


  /**
   * The policy of the service's own pages (the board, the login and logout forms): scripts, styles,
   * images and requests of the service's own origin only, no inline code, no plugins, no framing.
   * The board keeps its script and style in files ({@code static/dashboard/assets/}) and builds its
   * charts with the DOM, so it needs no {@code 'unsafe-inline'}. The webapps send their own policy.
   */
  static final String CONTENT_SECURITY_POLICY = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self'; "
      + "connect-src 'self'; font-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

  /** The board's style sheet, script and icon: no data in them, and the login page may use them. */
  static final String[] DASHBOARD_ASSETS = {"/dashboard/assets/**"};

  /** Released statements are public: the one part of our API readable without login. */
  static final String[] PUBLIC_READS = {"/api/v1/statements", "/api/v1/statements/*"};

  private static RequestMatcher[] publicReads(String... patterns) {
    return Arrays.stream(patterns)
        .map(pattern -> PathPatternRequestMatcher.withDefaults().matcher(HttpMethod.GET, pattern))
        .toArray(RequestMatcher[]::new);
  }

  /**
   * Matches on the whole path inside the application. The string matchers of Spring Security
   * match inside Spring MVC's servlet only, and the webapps and the engine REST API are served
   * by servlets of their own.
   */
  private static RequestMatcher[] paths(String... patterns) {
    return Arrays.stream(patterns)
        .map(PathPatternRequestMatcher.withDefaults()::matcher)
        .toArray(RequestMatcher[]::new);
  }

  @Bean
  @Order(1)
  SecurityFilterChain camundaWebapps(HttpSecurity http) throws Exception {
    return http.securityMatcher(PathPatternRequestMatcher.withDefaults().matcher("/camunda/**"))
        .authorizeHttpRequests(
            requests ->
                requests
                    .requestMatchers(paths("/camunda/api/admin/setup/**", "/camunda/app/admin/*/setup/**"))
                    .denyAll()
                    .anyRequest()
                    .permitAll())
        // The webapps send Camunda's own X-XSRF-TOKEN, checked by Camunda's CsrfPreventionFilter.
        .csrf(AbstractHttpConfigurer::disable)
        .requestCache(AbstractHttpConfigurer::disable)
        .build();
  }

  /**
   * Pages people open in a browser ({@code /dashboard}) log in with a form and keep a session
   * (with CSRF protection for the login and logout forms). The board's own reads of the API, GET
   * requests under {@code /api/v1/}, go through this chain too, so the session or HTTP Basic
   * credentials may authenticate them; everything that changes something stays on the stateless
   * Basic-only chain below.
   */
  @Bean
  @Order(2)
  SecurityFilterChain browserPages(
      HttpSecurity http, IdentityService identityService, ProblemResponses problemResponses)
      throws Exception {
    RequestMatcher apiReads = PathPatternRequestMatcher.withDefaults().matcher(HttpMethod.GET, "/api/v1/**");
    return http.securityMatcher(new OrRequestMatcher(new OrRequestMatcher(paths(BROWSER_PAGES)), apiReads))
        .authorizeHttpRequests(
            requests -> requests
                .requestMatchers(publicReads(PUBLIC_READS)).permitAll()
                .requestMatchers(paths(DASHBOARD_ASSETS)).permitAll()
                .requestMatchers(paths(LOGIN_STYLE)).permitAll()
                .anyRequest().authenticated())
        .headers(headers -> headers.contentSecurityPolicy(csp -> csp.policyDirectives(CONTENT_SECURITY_POLICY)))
        .formLogin(form -> form.defaultSuccessUrl("/dashboard", false).permitAll())
        .logout(logout -> logout.logoutSuccessUrl("/login?logout").permitAll())
        .httpBasic(basic -> basic.realmName(ProblemResponses.REALM).authenticationEntryPoint(problemResponses))
        .exceptionHandling(
            errors -> errors
                .defaultAuthenticationEntryPointFor(problemResponses, apiReads)
                .defaultAuthenticationEntryPointFor(new LoginUrlAuthenticationEntryPoint("/login"), AnyRequestMatcher.INSTANCE)
                .accessDeniedHandler(problemResponses))
        .addFilterAfter(new EngineIdentityFilter(identityService), AuthorizationFilter.class)
        .build();
  }

  @Bean
  @Order(3)
  SecurityFilterChain api(
      HttpSecurity http, IdentityService identityService, ProblemResponses problemResponses)
      throws Exception {
    return http.authorizeHttpRequests(
            requests -> requests
                .requestMatchers(paths(OPEN_PATHS)).permitAll()
                .requestMatchers(publicReads(PUBLIC_READS)).permitAll()
                .anyRequest().authenticated())
        .httpBasic(basic -> basic.realmName(ProblemResponses.REALM).authenticationEntryPoint(problemResponses))
        .exceptionHandling(
            errors ->
                errors.authenticationEntryPoint(problemResponses).accessDeniedHandler(problemResponses))
        // Stateless and Basic-authenticated: there is no session cookie to forge a request with.
        .csrf(AbstractHttpConfigurer::disable)
        .sessionManagement(session -> session.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
        .requestCache(AbstractHttpConfigurer::disable)
        .addFilterAfter(new EngineIdentityFilter(identityService), AuthorizationFilter.class)
        .build();
  }
}
