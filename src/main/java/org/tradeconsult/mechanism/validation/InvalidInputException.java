package org.tradeconsult.mechanism.validation;

import org.camunda.bpm.engine.impl.form.validator.FormFieldValidationException;

/**
 * Input that the service refuses, naming the field that is wrong. It is a Camunda form-field
 * validation error, so that completing a task or submitting a form through Tasklist or the
 * engine REST API answers 400 with the message, and the engine rolls back whatever the request
 * had started. {@code InvalidInputExceptionMapper} answers 400 where the engine REST API would
 * not (message correlation); our own API answers a problem detail with the field.
 */
public class InvalidInputException extends FormFieldValidationException {

  private final String field;

  public InvalidInputException(String field, String problem) {
    super(field, "Field '" + field + "' " + problem);
    this.field = field;
  }

  /** The name of the offending field (form field, variable or JSON property). */
  public String getField() {
    return field;
  }
}
