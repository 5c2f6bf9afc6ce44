package org.tradeconsult.mechanism.support;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * What people and Cockpit do through Camunda's REST API ({@code /engine-rest}) against a running
 * service: find and complete a user's task, change a job's due date, list incidents.
 */
public final class EngineRest {

  private static final ObjectMapper JSON = new ObjectMapper();

  private final Http http;

  public EngineRest(Http http) {
    this.http = http;
  }

  /** The id of the open task with this key in the round (business key = round id), or null. */
  public String taskId(String roundId, String taskKey, String user) {
    JsonNode tasks = read(http.get("/engine-rest/task?processInstanceBusinessKey=" + encode(roundId)
        + "&taskDefinitionKey=" + encode(taskKey), user));
    return tasks.isEmpty() ? null : tasks.get(0).path("id").asText();
  }

  /** Completes a task as this user with these (string, boolean) variables; the HTTP status. */
  public HttpResponse<String> complete(String taskId, String user, Map<String, Object> variables) {
    ObjectNode body = JSON.createObjectNode();
    ObjectNode vars = body.putObject("variables");
    variables.forEach((name, value) -> vars.putObject(name).putPOJO("value", value));
    return http.postJson("/engine-rest/task/" + taskId + "/complete", user, body.toString());
  }

  public static JsonNode read(HttpResponse<String> response) {
    try {
      return JSON.readTree(response.body());
    } catch (IOException e) {
      throw new UncheckedIOException(response.statusCode() + " " + response.body(), e);
    }
  }

  private static String encode(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8);
  }
}
