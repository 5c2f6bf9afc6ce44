package org.tradeconsult.mechanism.round;

import io.swagger.v3.oas.annotations.OpenAPIDefinition;
import io.swagger.v3.oas.annotations.enums.SecuritySchemeType;
import io.swagger.v3.oas.annotations.info.Info;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import io.swagger.v3.oas.annotations.security.SecurityScheme;
import org.springframework.context.annotation.Configuration;

/**
 * The OpenAPI description of our own API ({@code /v3/api-docs}, Swagger UI at
 * {@code /swagger-ui/index.html}); {@code springdoc.paths-to-match} keeps it to {@code /api/**}.
 * Like every path but health, the description needs a login: it is HTTP Basic, which a browser
 * asks for and Swagger UI then sends with every "Try it out".
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
class ApiDocumentation {

  static final String BASIC_AUTH = "basicAuth";
}
