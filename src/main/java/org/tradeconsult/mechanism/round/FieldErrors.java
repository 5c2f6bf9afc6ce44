package org.tradeconsult.mechanism.round;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;
import org.tradeconsult.mechanism.validation.InvalidInputException;

/** Collects the refusals of several field checks, so that one answer names every wrong field. */
final class FieldErrors {

  private final Map<String, String> errors = new LinkedHashMap<>();

  /** The checked value, or null when the check refused it (the refusal is kept). */
  <T> T check(Supplier<T> check) {
    try {
      return check.get();
    } catch (InvalidInputException e) {
      errors.putIfAbsent(e.getField(), e.getMessage());
      return null;
    }
  }

  void reject(String field, String problem) {
    errors.putIfAbsent(field, "Field '" + field + "' " + problem);
  }

  boolean isEmpty() {
    return errors.isEmpty();
  }

  void throwIfAny() {
    if (!errors.isEmpty()) {
      throw new InvalidFieldsException(errors);
    }
  }
}
