package org.tradeconsult.mechanism.round;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import org.tradeconsult.mechanism.validation.InvalidInputException;

/**
 * Several fields of one request are wrong at once. {@link #getField()} names the first, so that
 * callers that handle a single field still work; {@link #fields()} has every one with its problem.
 */
public class InvalidFieldsException extends InvalidInputException {

  private final Map<String, String> fields;

  InvalidFieldsException(Map<String, String> fields) {
    super(fields.keySet().iterator().next(), "is invalid");
    this.fields = Collections.unmodifiableMap(new LinkedHashMap<>(fields));
  }

  /** Field name to what is wrong with it, in the order they were checked. */
  public Map<String, String> fields() {
    return fields;
  }

  @Override
  public String getMessage() {
    return String.join("; ", fields.values());
  }
}
