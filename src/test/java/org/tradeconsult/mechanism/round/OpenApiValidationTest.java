package org.tradeconsult.mechanism.round;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.swagger.v3.parser.OpenAPIV3Parser;
import io.swagger.v3.parser.core.models.ParseOptions;
import io.swagger.v3.parser.core.models.SwaggerParseResult;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.tradeconsult.mechanism.support.Http;
import org.tradeconsult.mechanism.support.ServiceTest;

/**
 * {@code /v3/api-docs} is a valid OpenAPI 3.1 document and says what the API really does: its
 * problem answers with the schema of what the API sends, 401 wherever a login is needed and only
 * there, 400 or why not, the real success status, no {@code *}{@code /*} media type, an example
 * on every operation.
 *
 * <p>The validator is swagger-parser ({@code io.swagger.parser.v3:swagger-parser-v3} 2.1.35, test
 * scope), the parser Swagger's own tools use: {@code OpenAPIV3Parser.readContents} checks the
 * document against the OpenAPI rules (required fields, a schema or content for every parameter,
 * references that resolve, …) and reports every breach in {@code getMessages()}. The document has
 * only internal references, so nothing is fetched: the test runs offline.
 */
@ServiceTest
class OpenApiValidationTest {

  static final String NO_BAD_REQUEST = ApiDocumentation.NO_BAD_REQUEST;
  static final Set<String> METHODS = Set.of("get", "put", "post", "delete", "patch", "head", "options", "trace");

  @LocalServerPort int port;
  @Autowired ObjectMapper json;
  Http http;

  @BeforeEach
  void setUp() {
    http = new Http(port);
  }

  @Test
  void theDescriptionIsAValidOpenApiDocument() {
    String docs = docsText();
    ParseOptions options = new ParseOptions();
    options.setResolve(true);

    SwaggerParseResult result = new OpenAPIV3Parser().readContents(docs, null, options);

    assertThat(result.getMessages()).isEmpty();
    assertThat(result.getOpenAPI().getOpenapi()).startsWith("3.1");
    assertThat(result.getOpenAPI().getPaths()).isNotEmpty();
  }

  @Test
  void noOperationDeclaresAWildcardMediaType() throws Exception {
    Map<String, JsonNode> operations = operations(docs());

    operations.forEach((name, operation) -> {
      List<String> mediaTypes = new ArrayList<>();
      operation.path("requestBody").path("content").fieldNames().forEachRemaining(mediaTypes::add);
      operation.path("responses").forEach(response -> response.path("content").fieldNames().forEachRemaining(mediaTypes::add));
      assertThat(mediaTypes).as(name).isNotEmpty().doesNotContain("*/*");
    });
  }

  @Test
  void thePublicStatementEndpointsAloneNeedNoLoginInTheDescriptionAsInFact() throws Exception {
    JsonNode docs = docs();
    assertThat(docs.path("security").get(0).has("basicAuth")).isTrue();

    Map<String, JsonNode> operations = operations(docs);
    Set<String> open = new TreeSet<>();
    operations.forEach((name, operation) -> {
      if (operation.has("security") && operation.path("security").isEmpty()) {
        open.add(name);
      }
    });

    assertThat(open).containsExactlyInAnyOrder(
        "GET /api/v1/statements", "GET /api/v1/statements/{id}", "GET /api/v1/statements/feed.atom");
    operations.forEach((name, operation) -> {
      int status = sendWithoutLogin(name).statusCode();
      if (open.contains(name)) {
        assertThat(status).as(name + " without login").isNotEqualTo(401);
      } else {
        assertThat(status).as(name + " without login").isEqualTo(401);
      }
    });
  }

  @Test
  void everyOperationDocumentsItsProblemsAsProblemJsonAndA400OrWhyNot() throws Exception {
    JsonNode docs = docs();

    operations(docs).forEach((name, operation) -> {
      JsonNode responses = operation.path("responses");
      boolean needsLogin = !(operation.has("security") && operation.path("security").isEmpty());
      assertThat(responses.has("401")).as(name + " documents 401 exactly when it needs a login").isEqualTo(needsLogin);
      assertThat(responses.has("400") || !operation.path(NO_BAD_REQUEST).path("reason").asText().isBlank())
          .as(name + " documents 400 or says why it cannot answer it").isTrue();
      assertThat(responses.has("400") && operation.has(NO_BAD_REQUEST)).as(name + " both 400 and why not").isFalse();
      responses.fields().forEachRemaining(response -> {
        if (Integer.parseInt(response.getKey()) >= 400) {
          JsonNode content = response.getValue().path("content");
          assertThat(content.fieldNames()).toIterable().as(name + " " + response.getKey())
              .containsExactly("application/problem+json");
          assertThat(content.path("application/problem+json").path("schema").path("$ref").asText())
              .as(name + " " + response.getKey()).isEqualTo("#/components/schemas/ProblemDetail");
          assertThat(content.path("application/problem+json").path("examples").size())
              .as(name + " " + response.getKey() + " example").isPositive();
        }
      });
    });
  }

  @Test
  void theProblemSchemaHasExactlyThePropertiesTheApiSends() throws Exception {
    JsonNode schema = docs().path("components").path("schemas").path("ProblemDetail");
    List<HttpResponse<String>> problems = List.of(
        http.get("/api/v1/rounds?size=0", "observer"),
        http.get("/api/v1/rounds", null),
        http.postJson("/api/v1/rounds/R-20270315-K7Q2XM/cancel", "observer", "{\"reason\": \"Overtaken by events\"}"),
        http.get("/api/v1/rounds/R-20270315-K7Q2XM", "observer"),
        http.get("/api/v1/statements/R-20270315-K7Q2XM-JS", null),
        http.get("/api/v1/commitments?size=0", "observer"));
    Set<String> sent = new TreeSet<>();
    Set<Integer> statuses = new TreeSet<>();

    for (HttpResponse<String> problem : problems) {
      assertThat(problem.headers().firstValue("Content-Type")).hasValueSatisfying(type -> assertThat(type).startsWith("application/problem+json"));
      JsonNode body = json.readTree(problem.body());
      body.fieldNames().forEachRemaining(sent::add);
      schema.path("required").forEach(required -> assertThat(body.has(required.asText())).as(problem.uri() + " " + required).isTrue());
      statuses.add(problem.statusCode());
    }

    assertThat(statuses).contains(400, 401, 403, 404);
    Set<String> documented = new TreeSet<>();
    schema.path("properties").fieldNames().forEachRemaining(documented::add);
    assertThat(documented).isEqualTo(sent).containsExactlyInAnyOrder(
        "type", "title", "status", "detail", "instance", "field", "fields");
  }

  @Test
  void eachOperationDocumentsTheSuccessStatusItAnswers() throws Exception {
    Map<String, JsonNode> operations = operations(docs());

    assertThat(successes(operations.get("POST /api/v1/statements/{id}/release-change"))).containsExactly("202");
    assertThat(successes(operations.get("POST /api/v1/rounds"))).containsExactlyInAnyOrder("201", "200");
    operations.forEach((name, operation) -> assertThat(successes(operation)).as(name).isNotEmpty());
  }

  @Test
  void everyOperationHasAnExampleOfItsRequestOrOfItsAnswer() throws Exception {
    operations(docs()).forEach((name, operation) -> {
      List<JsonNode> places = new ArrayList<>();
      operation.path("parameters").forEach(places::add);
      operation.path("requestBody").path("content").forEach(places::add);
      operation.path("responses").fields().forEachRemaining(response -> {
        if (response.getKey().startsWith("2")) {
          response.getValue().path("content").forEach(places::add);
        }
      });
      assertThat(places).as(name).anyMatch(place -> place.has("example") || place.path("examples").size() > 0);
    });
  }

  private String docsText() {
    HttpResponse<String> response = http.get("/v3/api-docs", "observer");
    assertThat(response.statusCode()).isEqualTo(200);
    return response.body();
  }

  private JsonNode docs() throws Exception {
    return json.readTree(docsText());
  }

  /** Sends the operation without credentials: path variables as an example id, a POST with an empty object. */
  private HttpResponse<String> sendWithoutLogin(String operation) {
    String[] methodAndPath = operation.split(" ");
    String path = methodAndPath[1].replaceAll("\\{[^}]+}", "R-20270315-K7Q2XM");
    return "POST".equals(methodAndPath[0]) ? http.postJson(path, null, "{}") : http.get(path, null);
  }

  private static List<String> successes(JsonNode operation) {
    List<String> codes = new ArrayList<>();
    operation.path("responses").fieldNames().forEachRemaining(code -> {
      if (code.startsWith("2")) {
        codes.add(code);
      }
    });
    return codes;
  }

  /** Every operation of the document as "METHOD path" → operation. */
  static Map<String, JsonNode> operations(JsonNode docs) {
    Map<String, JsonNode> operations = new TreeMap<>();
    docs.path("paths").fields().forEachRemaining(path -> path.getValue().fields().forEachRemaining(operation -> {
      if (METHODS.contains(operation.getKey())) {
        operations.put(operation.getKey().toUpperCase() + " " + path.getKey(), operation.getValue());
      }
    }));
    return operations;
  }
}
