package org.tradeconsult.mechanism.security;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.servlet.ServletContext;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ApplicationContext;
import org.tradeconsult.mechanism.security.EndpointInventory.Endpoint;
import org.tradeconsult.mechanism.support.Http;
import org.tradeconsult.mechanism.support.ServiceTest;

/**
 * Every endpoint of the running service refuses a caller without credentials: 401 (403 where
 * the path is closed to everyone), or, for a browser page, a redirect to the login page. The only
 * exceptions are on the allow-list below, each with its reason; they must not fail (no 5xx)
 * either. The endpoints come from the application's own mappings, so a new one is checked the
 * day it is added.
 */
@ServiceTest
class EndpointInventoryTest {

  private static final Logger log = LoggerFactory.getLogger(EndpointInventoryTest.class);

  /** Open on purpose: method (regex), path (regex), and why. */
  record Allowed(String methods, String path, String reason) {

    boolean matches(Endpoint endpoint) {
      return Pattern.matches(methods, endpoint.method()) && Pattern.matches(path, endpoint.path());
    }
  }

  static final List<Allowed> ALLOW_LIST = List.of(
      new Allowed("GET", "/actuator/health(/.*)?", "health for load balancers and the Docker health check"),
      new Allowed("GET", "/actuator/info", "build information, no data"),
      new Allowed("GET", "/api/v1/statements(/[^/]+)?", "released joint statements and their Atom feed are public (EmbargoTest)"),
      new Allowed("GET|POST", "/error", "renders the errors of the other answers; called directly it answers 404"),
      new Allowed("GET", "/", "redirects to the webapps, whose pages log in"),
      new Allowed("GET|POST", "/login|/logout", "the form login and logout of the dashboard (POSTs need the CSRF token)"),
      new Allowed("GET", "/dashboard/assets/.*|/default-ui.css|/favicon.ico",
          "the dashboard's and login page's style sheet, script and icon: no data"),
      new Allowed("GET", "/camunda-welcome(/.*)?", "answers 404; open so the login page's probe gets no Basic challenge"),
      new Allowed("GET", "/camunda(/app/.*|/lib/.*|/assets/.*|/api/[a-z]+/plugin/[^/]+/static/.*|/api/" + EndpointInventory.DUMMY + "|/favicon.ico|/)?",
          "the webapps' pages and static assets: the login UI, protected by Camunda's own login"),
      new Allowed("GET|POST", "/camunda/api/admin/auth/user/[^/]+(/login/[^/]+|/logout)?",
          "Camunda's login API (POSTs need the CSRF token)"),
      new Allowed("GET", "/camunda/api/engine/engine/?", "the names of the process engines, for the login page"),
      new Allowed("GET|POST", "/camunda/api/engine/engine/[^/]+/identity/password-policy",
          "the password policy, shown when a password is set"),
      new Allowed("GET", "/camunda/api/admin/plugin/license/[^/]+/check-key", "Camunda's licence banner (CE: none)"),
      new Allowed("GET", "/(webjars|swagger-ui)/" + EndpointInventory.DUMMY, "static assets of no content of ours"));

  @LocalServerPort int port;
  @Autowired ApplicationContext context;
  @Autowired ServletContext servletContext;

  @Test
  void everyEndpointRefusesACallerWithoutCredentialsExceptTheAllowList() {
    Set<Endpoint> endpoints = EndpointInventory.collect(context, servletContext);
    Http http = new Http(port);

    Map<String, Integer> refusedBy = new TreeMap<>();
    Map<Endpoint, Integer> allowed = new LinkedHashMap<>();
    List<String> open = new ArrayList<>();
    for (Endpoint endpoint : endpoints) {
      HttpResponse<String> response = http.send(anonymous(http, endpoint));
      int status = response.statusCode();
      Optional<Allowed> allowedBy = ALLOW_LIST.stream().filter(a -> a.matches(endpoint)).findFirst();
      if (allowedBy.isPresent()) {
        allowed.put(endpoint, status);
        if (status >= 500) {
          open.add(endpoint + " allow-listed but answered " + status);
        }
      } else if (status == 401 || status == 403) {
        refusedBy.merge(String.valueOf(status), 1, Integer::sum);
      } else if (isRedirectToLogin(response)) {
        refusedBy.merge("redirect to login", 1, Integer::sum);
      } else {
        open.add(endpoint + " answered " + status);
      }
    }

    int refused = refusedBy.values().stream().mapToInt(Integer::intValue).sum();
    log.info("SECURITY endpoints checked {}, refused {} {}, allow-listed {}, open by mistake {}",
        endpoints.size(), refused, refusedBy, allowed.size(), open.size());
    allowed.forEach((endpoint, status) -> log.info("SECURITY allow-listed {} -> {}", endpoint, status));
    assertThat(open).as("endpoints open without credentials").isEmpty();
    assertThat(endpoints)
        .as("the inventory reaches our API, the actuator, /engine-rest and the webapps' APIs")
        .extracting(Endpoint::path)
        .contains("/api/v1/rounds", "/api/v1/me", "/actuator/health", "/engine-rest/task/" + EndpointInventory.DUMMY + "/complete",
            "/engine-rest/history/variable-instance", "/camunda/api/engine/engine/" + EndpointInventory.DUMMY + "/task");
    assertThat(refused).isGreaterThan(allowed.size());
  }

  private static HttpRequest anonymous(Http http, Endpoint endpoint) {
    HttpRequest.Builder request = http.request(endpoint.path(), null);
    return switch (endpoint.method()) {
      case "GET" -> request.GET().build();
      case "DELETE" -> request.DELETE().build();
      default -> request.header("Content-Type", "application/json")
          .method(endpoint.method(), HttpRequest.BodyPublishers.ofString("{}")).build();
    };
  }

  private static boolean isRedirectToLogin(HttpResponse<String> response) {
    int status = response.statusCode();
    return status >= 300 && status < 400
        && response.headers().firstValue("Location").filter(l -> l.matches("(https?://[^/]+)?/login([?#].*)?")).isPresent();
  }
}
