package org.tradeconsult.mechanism.system;

import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import java.util.List;
import org.tradeconsult.mechanism.validation.InvalidInputException;

/**
 * For the engine REST API ({@code /engine-rest}): the paging parameters of its lists, {@code
 * firstResult} and {@code maxResults}, are whole numbers from 0. Camunda hands a negative {@code
 * maxResults} to the database, which fails (500), takes a negative {@code firstResult} as 0, and
 * answers a non-number 404 (JAX-RS cannot convert it); each answers 400 naming the parameter
 * ({@link InvalidInputExceptionMapper}). An empty value is left to Camunda, which ignores it.
 */
class PagingParametersFilter implements ContainerRequestFilter {

  static final List<String> PARAMETERS = List.of("firstResult", "maxResults");

  @Override
  public void filter(ContainerRequestContext request) {
    var query = request.getUriInfo().getQueryParameters();
    for (String name : PARAMETERS) {
      for (String value : query.getOrDefault(name, List.of())) {
        if (!value.isEmpty() && !isIntFromZero(value)) {
          throw new InvalidInputException(name, "must be a whole number from 0 to " + Integer.MAX_VALUE + ", not '" + value + "'");
        }
      }
    }
  }

  private static boolean isIntFromZero(String value) {
    return value.matches("[0-9]{1,10}") && Long.parseLong(value) <= Integer.MAX_VALUE;
  }
}
