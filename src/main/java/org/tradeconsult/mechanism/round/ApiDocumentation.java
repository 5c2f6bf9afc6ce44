package org.tradeconsult.mechanism.round;

import io.swagger.v3.oas.annotations.OpenAPIDefinition;
import io.swagger.v3.oas.annotations.enums.SecuritySchemeType;
import io.swagger.v3.oas.annotations.info.Info;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import io.swagger.v3.oas.annotations.security.SecurityScheme;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.examples.Example;
import io.swagger.v3.oas.models.media.Content;
import io.swagger.v3.oas.models.media.IntegerSchema;
import io.swagger.v3.oas.models.media.MapSchema;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.media.ObjectSchema;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.media.StringSchema;
import io.swagger.v3.oas.models.responses.ApiResponse;
import io.swagger.v3.oas.models.responses.ApiResponses;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springdoc.core.customizers.OpenApiCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpStatus;

/**
 * The OpenAPI description of our own API ({@code /v3/api-docs}, Swagger UI at
 * {@code /swagger-ui/index.html}); {@code springdoc.paths-to-match} keeps it to {@code /api/**}.
 * Like every path but health, the description needs a login: it is HTTP Basic, which a browser
 * asks for and Swagger UI then sends with every "Try it out".
 *
 * <p>Controllers name the error statuses each operation can answer; {@link #problemAnswersDocumentation()}
 * gives all of them the one {@code application/problem+json} body the API sends, and adds the
 * 401 of every operation that needs a login, so that no operation can forget either.
 */
@Configuration(proxyBeanMethods = false)
@OpenAPIDefinition(
    info = @Info(
        title = "Consultation Mechanism API",
        version = "v1",
        description = "The China-U.S. Economic and Trade Consultation Mechanism's own API. Errors are "
            + "application/problem+json (RFC 9457) with a type under https://tradeconsult.org/problems/ and the "
            + "offending field(s). Camunda's engine REST API (/engine-rest) is not part of it."),
    security = @SecurityRequirement(name = ApiDocumentation.BASIC_AUTH))
@SecurityScheme(name = ApiDocumentation.BASIC_AUTH, type = SecuritySchemeType.HTTP, scheme = "basic")
public class ApiDocumentation {

  static final String BASIC_AUTH = "basicAuth";

  /** The name of the problem schema in {@code components.schemas}. */
  public static final String PROBLEM = "ProblemDetail";

  /**
   * Operations that cannot answer 400 say why in this extension, e.g. {@code GET /api/v1/me}: it
   * reads nothing from the request.
   */
  public static final String NO_BAD_REQUEST = "x-no-bad-request";

  static final String PROBLEM_JSON = org.springframework.http.MediaType.APPLICATION_PROBLEM_JSON_VALUE;
  static final String TYPE_BASE = "https://tradeconsult.org/problems/";

  @Bean
  OpenApiCustomizer problemAnswersDocumentation() {
    return openApi -> {
      openApi.getComponents().addSchemas(PROBLEM, problemSchema());
      openApi.getPaths().forEach((path, item) -> item.readOperations().forEach(operation -> document(path, operation)));
    };
  }

  private static void document(String path, Operation operation) {
    Map<String, ApiResponse> responses = new LinkedHashMap<>(operation.getResponses());
    boolean needsLogin = operation.getSecurity() == null || !operation.getSecurity().isEmpty();
    if (needsLogin) {
      responses.putIfAbsent("401", new ApiResponse().description("No or wrong credentials: log in with HTTP Basic"));
    }
    ApiResponses sorted = new ApiResponses();
    responses.entrySet().stream().sorted(Map.Entry.comparingByKey()).forEach(response -> {
      int status = Integer.parseInt(response.getKey());
      if (status >= 400) {
        response.getValue().setContent(new Content().addMediaType(PROBLEM_JSON, new MediaType()
            .schema(new Schema<>().$ref("#/components/schemas/" + PROBLEM))
            .addExamples(problemType(path, status), new Example().value(problemExample(path, operation, status)))));
      }
      sorted.addApiResponse(response.getKey(), response.getValue());
    });
    operation.setResponses(sorted);
  }

  /**
   * What {@code ApiExceptionHandler} and {@code ProblemResponses} send: Spring's
   * {@code ProblemDetail} with its custom properties flattened, which are only {@code field} and
   * {@code fields}.
   */
  private static Schema<?> problemSchema() {
    return new ObjectSchema()
        .description("An RFC 9457 problem detail (application/problem+json)")
        .addProperty("type", new StringSchema().format("uri")
            .description("What went wrong: " + TYPE_BASE + "<kind> (about:blank for 401)"))
        .addProperty("title", new StringSchema().description("The status's reason phrase, e.g. Bad Request"))
        .addProperty("status", new IntegerSchema().description("The HTTP status"))
        .addProperty("detail", new StringSchema().description("What went wrong, for a human"))
        .addProperty("instance", new StringSchema().format("uri").description("The path of the request"))
        .addProperty("field", new StringSchema()
            .description("The offending field, query parameter or header (400; 409 for the Idempotency-Key)"))
        .addProperty("fields", new MapSchema().additionalProperties(new StringSchema())
            .description("Every wrong field and what is wrong with it (400)"))
        .required(List.of("type", "title", "status"));
  }

  private static String problemType(String path, int status) {
    return switch (status) {
      case 400 -> "invalid-input";
      case 401 -> "unauthenticated";
      case 403 -> "forbidden";
      case 404 -> feature(path) + "-not-found";
      case 409 -> path.startsWith("/api/v1/statements") ? "release-not-changeable"
          : path.endsWith("/cancel") ? "round-finished" : "idempotency-key-reused";
      case 415 -> "unsupported-media-type";
      default -> "http-" + status;
    };
  }

  private static Map<String, Object> problemExample(String path, Operation operation, int status) {
    HttpStatus httpStatus = HttpStatus.valueOf(status);
    String type = problemType(path, status);
    Map<String, Object> problem = new LinkedHashMap<>();
    problem.put("type", status == 401 ? "about:blank" : TYPE_BASE + type);
    problem.put("title", httpStatus.getReasonPhrase());
    problem.put("status", status);
    switch (status) {
      case 400 -> {
        String field = badField(path, operation);
        problem.put("detail", "Field '" + field + "' is invalid");
        problem.put("field", field);
        problem.put("fields", Map.of(field, "Field '" + field + "' is invalid"));
      }
      case 401 -> problem.put("detail", "Log in with HTTP Basic credentials.");
      case 403 -> problem.put("detail", "User 'observer' may not do this: only a secretariat may");
      case 404 -> problem.put("detail", "No " + feature(path) + " with id '" + exampleId(path) + "'");
      case 409 -> {
        problem.put("detail", "The " + feature(path) + " cannot be changed now");
        if (type.startsWith("idempotency-key")) {
          problem.put("field", "Idempotency-Key");
        }
      }
      default -> problem.put("detail", httpStatus.getReasonPhrase());
    }
    problem.put("instance", path.replaceAll("\\{[^}]+}", exampleId(path)));
    return problem;
  }

  /** A field an example 400 can name: the operation's first query parameter, else one of its body. */
  private static String badField(String path, Operation operation) {
    if (operation.getParameters() != null) {
      for (var parameter : operation.getParameters()) {
        if ("query".equals(parameter.getIn())) {
          return parameter.getName();
        }
      }
    }
    if (operation.getRequestBody() == null) {
      return "status"; // an endpoint without parameters refuses any it is given
    }
    return path.endsWith("/cancel") ? "reason" : path.endsWith("/release-change") ? "releaseAt" : "title";
  }

  private static String exampleId(String path) {
    return switch (feature(path)) {
      case "statement" -> "R-20270315-K7Q2XM-JS";
      case "commitment" -> "R-20270315-K7Q2XM-S1-C1";
      default -> "R-20270315-K7Q2XM";
    };
  }

  private static String feature(String path) {
    return path.startsWith("/api/v1/statements") ? "statement"
        : path.startsWith("/api/v1/commitments") ? "commitment" : "round";
  }
}
