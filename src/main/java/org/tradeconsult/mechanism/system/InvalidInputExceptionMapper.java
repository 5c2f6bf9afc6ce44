package org.tradeconsult.mechanism.system;

import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import java.util.Map;
import org.tradeconsult.mechanism.validation.InvalidInputException;

/**
 * For the engine REST API ({@code /engine-rest}): refused input answers 400 in Camunda's error
 * format, with the field, wherever the engine's own resources would answer 500 (e.g. a
 * correlated {@code AdHocRoundRequested} message with a bad variable).
 */
class InvalidInputExceptionMapper implements ExceptionMapper<InvalidInputException> {

  @Override
  public Response toResponse(InvalidInputException e) {
    return Response.status(Response.Status.BAD_REQUEST)
        .type(MediaType.APPLICATION_JSON_TYPE)
        .entity(Map.of("type", "InvalidInputException", "message", e.getMessage(), "field", e.getField()))
        .build();
  }
}
