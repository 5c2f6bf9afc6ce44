package org.tradeconsult.mechanism.round;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.tradeconsult.mechanism.support.Http;
import org.tradeconsult.mechanism.support.ServiceTest;

/** The OpenAPI description and Swagger UI: our API only, with examples, behind the same login as the API. */
@ServiceTest
class RoundApiDocsTest {

  @LocalServerPort int port;
  @Autowired ObjectMapper json;
  Http http;

  @BeforeEach
  void setUp() {
    http = new Http(port);
  }

  @Test
  void theDescriptionCoversOurApiWithExamplesAndNotTheEngineRestApi() throws Exception {
    HttpResponse<String> response = http.get("/v3/api-docs", "observer");

    assertThat(response.statusCode()).isEqualTo(200);
    JsonNode docs = json.readTree(response.body());
    assertThat(docs.path("openapi").asText()).startsWith("3.");
    assertThat(docs.path("paths").fieldNames()).toIterable().allMatch(path -> path.startsWith("/api/"))
        .contains("/api/v1/rounds", "/api/v1/rounds/{id}", "/api/v1/rounds/{id}/cancel", "/api/v1/rounds/calendar.ics");
    JsonNode start = docs.path("paths").path("/api/v1/rounds").path("post");
    JsonNode examples = start.path("requestBody").path("content").path("application/json").path("examples");
    assertThat(examples.path("convene").path("value").path("type").asText()).isEqualTo("REGULAR");
    assertThat(examples.path("request").path("value").path("type").asText()).isEqualTo("AD_HOC");
    assertThat(start.path("parameters").findValuesAsText("name")).contains("Idempotency-Key");
    assertThat(start.path("responses").has("201")).isTrue();
    assertThat(docs.path("paths").path("/api/v1/rounds/{id}/cancel").path("post").path("requestBody").path("content")
        .path("application/json").path("examples").path("cancel").path("value").path("reason").asText()).isNotBlank();
    assertThat(docs.path("paths").path("/api/v1/rounds").path("get").path("parameters").findValuesAsText("name"))
        .contains("status", "level", "type", "host", "requestingSide", "from", "to", "q", "sort", "page", "size");
    assertThat(docs.path("components").path("schemas").path("RoundStartRequest").path("properties").has("topics")).isTrue();
    assertThat(docs.path("components").path("securitySchemes").path("basicAuth").path("scheme").asText()).isEqualTo("basic");
    assertThat(docs.path("paths").fieldNames()).toIterable().noneMatch(path -> path.contains("engine-rest"));
    assertThat(docs.path("components").path("schemas").path("RoundStartRequest").path("properties").path("topics")
        .path("items").path("type").asText()).isEqualTo("string");
  }

  @Test
  void theDescriptionAndSwaggerUiNeedALoginLikeTheApi() {
    assertThat(http.get("/v3/api-docs", null).statusCode()).isEqualTo(401);
    assertThat(http.get("/swagger-ui/index.html", null).statusCode()).isEqualTo(401);
    HttpResponse<String> ui = http.get("/swagger-ui/index.html", "cn-colead");
    assertThat(ui.statusCode()).isEqualTo(200);
    assertThat(ui.body()).contains("swagger-ui");
    assertThat(http.get("/v3/api-docs/swagger-config", "cn-colead").body()).contains("/v3/api-docs");
  }
}
