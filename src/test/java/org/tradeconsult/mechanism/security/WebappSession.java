package org.tradeconsult.mechanism.security;

import java.net.CookieManager;
import java.net.CookiePolicy;
import java.net.HttpCookie;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import org.tradeconsult.mechanism.support.Http;

/**
 * A browser's session with Camunda's webapps, as Tasklist holds it: the login form posted with the
 * CSRF token, then the session cookie on every call and the token in {@code X-XSRF-TOKEN} on every
 * modifying call.
 */
public final class WebappSession {

  public static final String TASKLIST_API = "/camunda/api/engine/engine/default";

  private final String baseUrl;
  private final CookieManager cookies = new CookieManager(null, CookiePolicy.ACCEPT_ALL);
  private final HttpClient client;

  private WebappSession(int port) {
    this.baseUrl = "http://localhost:" + port;
    this.client = HttpClient.newBuilder().cookieHandler(cookies).build();
  }

  /** A new session of this user in Tasklist (asserting that the login succeeded). */
  public static WebappSession tasklist(int port, String user, String password) {
    WebappSession session = new WebappSession(port);
    HttpResponse<String> login = session.login(user, password);
    if (login.statusCode() != 200) {
      throw new AssertionError("Tasklist login of " + user + " answered " + login.statusCode() + ": " + login.body());
    }
    // The login starts a new session, whose CSRF token the next read hands out, as Tasklist's first read does.
    session.get("/camunda/api/admin/auth/user/default");
    return session;
  }

  /** An anonymous browser that has opened Tasklist's login page. */
  static WebappSession anonymous(int port) {
    WebappSession session = new WebappSession(port);
    session.send(HttpRequest.newBuilder(URI.create(session.baseUrl + "/camunda/app/tasklist/default/")).GET().build());
    return session;
  }

  HttpResponse<String> login(String user, String password) {
    if (xsrfToken() == null) {
      send(HttpRequest.newBuilder(URI.create(baseUrl + "/camunda/app/tasklist/default/")).GET().build());
    }
    String form = "username=" + URLEncoder.encode(user, StandardCharsets.UTF_8)
        + "&password=" + URLEncoder.encode(password, StandardCharsets.UTF_8);
    return send(HttpRequest.newBuilder(URI.create(baseUrl + "/camunda/api/admin/auth/user/default/login/tasklist"))
        .header("Content-Type", "application/x-www-form-urlencoded")
        .header("X-XSRF-TOKEN", xsrfToken())
        .POST(HttpRequest.BodyPublishers.ofString(form))
        .build());
  }

  public HttpResponse<String> get(String path) {
    return send(HttpRequest.newBuilder(URI.create(baseUrl + path)).header("Accept", "application/json").GET().build());
  }

  /** A JSON POST with the CSRF token, as Tasklist sends it. */
  public HttpResponse<String> postJson(String path, String json) {
    return send(HttpRequest.newBuilder(URI.create(baseUrl + path))
        .header("Content-Type", "application/json")
        .header("X-XSRF-TOKEN", xsrfToken())
        .POST(HttpRequest.BodyPublishers.ofString(json))
        .build());
  }

  /** The same POST without the CSRF token: what a forged cross-site request looks like. */
  HttpResponse<String> postJsonWithoutCsrfToken(String path, String json) {
    return send(HttpRequest.newBuilder(URI.create(baseUrl + path))
        .header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(json))
        .build());
  }

  String xsrfToken() {
    return cookies.getCookieStore().getCookies().stream()
        .filter(c -> c.getName().equals("XSRF-TOKEN"))
        .map(HttpCookie::getValue)
        .reduce((first, second) -> second)
        .orElse(null);
  }

  private HttpResponse<String> send(HttpRequest request) {
    return Http.send(client, request);
  }
}
