package org.tradeconsult.mechanism.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/** A plain HTTP client for tests: real requests to the running service, nothing mocked. */
public final class Http {

  public static final String DEMO_PASSWORD = "demo";

  private final HttpClient client = HttpClient.newHttpClient();
  private final String baseUrl;

  public Http(int port) {
    this.baseUrl = "http://localhost:" + port;
  }

  public HttpResponse<String> get(String path, String user) {
    return send(request(path, user).GET().build());
  }

  public HttpResponse<String> postJson(String path, String user, String json) {
    return postJson(path, user, json, null);
  }

  /** A JSON POST with an {@code Idempotency-Key} header, or without one when the key is null. */
  public HttpResponse<String> postJson(String path, String user, String json, String idempotencyKey) {
    HttpRequest.Builder request = request(path, user)
        .header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(json));
    if (idempotencyKey != null) {
      request.header("Idempotency-Key", idempotencyKey);
    }
    return send(request.build());
  }

  public HttpResponse<String> send(HttpRequest request) {
    return send(client, request);
  }

  /** Sends with this client (e.g. one that keeps a session's cookies), the body read as text. */
  public static HttpResponse<String> send(HttpClient client, HttpRequest request) {
    try {
      return client.send(request, HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** A request builder for the path, with Basic credentials of a demo user unless user is null. */
  public HttpRequest.Builder request(String path, String user) {
    return request(path, user, DEMO_PASSWORD);
  }

  public HttpRequest.Builder request(String path, String user, String password) {
    HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(baseUrl + path));
    if (user != null) {
      String token = Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
      builder.header("Authorization", "Basic " + token);
    }
    return builder;
  }
}
