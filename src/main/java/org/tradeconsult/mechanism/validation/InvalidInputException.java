package org.tradeconsult.mechanism.validation;

import org.camunda.bpm.engine.BadUserRequestException;

/**
 * Input that the service refuses, naming the field that is wrong. It extends Camunda's
 * {@link BadUserRequestException} so that the engine REST API and Tasklist answer 400 with the
 * message, and the engine rolls back whatever the request had started.
 */
public class InvalidInputException extends BadUserRequestException {

  private final String field;

  public InvalidInputException(String field, String problem) {
    super("Field '" + field + "' " + problem);
    this.field = field;
  }

  /** The name of the offending field (form field, variable or JSON property). */
  public String getField() {
    return field;
  }
}
