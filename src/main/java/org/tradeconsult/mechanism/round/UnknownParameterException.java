package org.tradeconsult.mechanism.round;

import java.util.Collection;
import org.tradeconsult.mechanism.validation.InvalidInputException;

/** A query parameter the endpoint does not know: refused, because a misspelt filter would otherwise be ignored. */
public class UnknownParameterException extends InvalidInputException {

  private final String message;

  UnknownParameterException(String parameter, Collection<String> known) {
    super(parameter, "is not a parameter of this endpoint");
    this.message = "Parameter '" + parameter + "' is not known; known: " + String.join(", ", known);
  }

  @Override
  public String getMessage() {
    return message;
  }
}
