package org.tradeconsult.mechanism.commitment;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import org.springframework.util.MultiValueMap;
import org.tradeconsult.mechanism.validation.InvalidInputException;

/**
 * {@code GET /api/v1/commitments}: the filters and the page, checked. Every filter is optional;
 * {@code side} and {@code status} take one code, several comma-separated ones or the parameter
 * repeated (any case); {@code dueBefore} and {@code dueAfter} are exclusive dates, as in Camunda's
 * task queries; pages count from 0. The order is fixed and stable: due date, then id.
 */
record CommitmentQuery(
    Set<OwnerSide> sides, Set<CommitmentStatus> statuses, LocalDate dueBefore, LocalDate dueAfter, String roundId, int page, int size) {

  static final String SIDE = "side";
  static final String STATUS = "status";
  static final String DUE_BEFORE = "dueBefore";
  static final String DUE_AFTER = "dueAfter";
  static final String ROUND_ID = "roundId";
  static final String PAGE = "page";
  static final String SIZE = "size";
  static final List<String> PARAMETERS = List.of(SIDE, STATUS, DUE_BEFORE, DUE_AFTER, ROUND_ID, PAGE, SIZE);

  static final int DEFAULT_SIZE = 50;
  static final int MAX_SIZE = 200;

  /** Reads the query parameters, refusing every bad one by its name (all of them at once). */
  static CommitmentQuery parse(MultiValueMap<String, String> parameters) {
    for (String name : parameters.keySet()) {
      if (!PARAMETERS.contains(name)) {
        throw new InvalidQueryException(name, PARAMETERS);
      }
    }
    Map<String, String> errors = new LinkedHashMap<>();
    Set<OwnerSide> sides = check(errors, () -> codes(parameters, SIDE, OwnerSide.class));
    Set<CommitmentStatus> statuses = check(errors, () -> codes(parameters, STATUS, CommitmentStatus.class));
    LocalDate dueBefore = check(errors, () -> date(parameters, DUE_BEFORE));
    LocalDate dueAfter = check(errors, () -> date(parameters, DUE_AFTER));
    String roundId = check(errors, () -> roundId(parameters));
    Integer page = check(errors, () -> number(parameters, PAGE, 0, 0, Integer.MAX_VALUE / MAX_SIZE));
    Integer size = check(errors, () -> number(parameters, SIZE, DEFAULT_SIZE, 1, MAX_SIZE));
    if (dueBefore != null && dueAfter != null && !dueAfter.isBefore(dueBefore)) {
      errors.putIfAbsent(DUE_AFTER, "Field '" + DUE_AFTER + "' must be before " + DUE_BEFORE + " (" + dueBefore + ")");
    }
    if (!errors.isEmpty()) {
      throw new InvalidQueryException(errors);
    }
    return new CommitmentQuery(sides, statuses, dueBefore, dueAfter, roundId, page, size);
  }

  private static <T> T check(Map<String, String> errors, Supplier<T> parse) {
    try {
      return parse.get();
    } catch (InvalidInputException e) {
      errors.putIfAbsent(e.getField(), e.getMessage());
      return null;
    }
  }

  private static <E extends Enum<E>> Set<E> codes(MultiValueMap<String, String> parameters, String field, Class<E> type) {
    Set<E> codes = EnumSet.noneOf(type);
    for (String value : parameters.getOrDefault(field, List.of())) {
      for (String code : value.split(",")) {
        String trimmed = code.strip().toUpperCase(Locale.ROOT);
        if (trimmed.isEmpty()) {
          continue;
        }
        try {
          codes.add(Enum.valueOf(type, trimmed));
        } catch (IllegalArgumentException e) {
          throw new InvalidInputException(field, "must be one of " + names(type) + ", not '" + code.strip() + "'");
        }
      }
    }
    return codes;
  }

  private static LocalDate date(MultiValueMap<String, String> parameters, String field) {
    String text = single(parameters, field);
    if (text == null) {
      return null;
    }
    try {
      return LocalDate.parse(text);
    } catch (java.time.format.DateTimeParseException e) {
      throw new InvalidInputException(field, "must be a date such as 2025-05-14, not '" + text + "'");
    }
  }

  private static String roundId(MultiValueMap<String, String> parameters) {
    String text = single(parameters, ROUND_ID);
    if (text != null && text.length() > 64) {
      throw new InvalidInputException(ROUND_ID, "must be at most 64 characters long");
    }
    return text;
  }

  private static int number(MultiValueMap<String, String> parameters, String field, int defaultValue, int min, int max) {
    String text = single(parameters, field);
    if (text == null) {
      return defaultValue;
    }
    try {
      int value = Integer.parseInt(text);
      if (value >= min && value <= max) {
        return value;
      }
    } catch (NumberFormatException e) {
      // answered below, like a number out of range
    }
    throw new InvalidInputException(field, "must be a whole number from " + min + " to " + max + ", not '" + text + "'");
  }

  /** The one value of a parameter, stripped; null when absent or blank. */
  private static String single(MultiValueMap<String, String> parameters, String field) {
    List<String> values = parameters.getOrDefault(field, List.of());
    if (values.size() > 1) {
      throw new InvalidInputException(field, "must be given once");
    }
    return values.isEmpty() || values.get(0).isBlank() ? null : values.get(0).strip();
  }

  private static <E extends Enum<E>> List<String> names(Class<E> type) {
    List<String> names = new ArrayList<>();
    for (E constant : type.getEnumConstants()) {
      names.add(constant.name());
    }
    return names;
  }

  /** Bad query parameters: the first names {@code field}, all are listed in {@link #fields()}. */
  static final class InvalidQueryException extends InvalidInputException {

    private final Map<String, String> fields;
    private final String detail;
    private final boolean unknownParameter;

    /** A parameter the endpoint does not know: refused, because a misspelt filter would otherwise be ignored. */
    InvalidQueryException(String parameter, List<String> known) {
      super(parameter, "is not a parameter of this endpoint; known: " + String.join(", ", known));
      this.fields = Map.of(parameter, super.getMessage());
      this.detail = null;
      this.unknownParameter = true;
    }

    InvalidQueryException(Map<String, String> errors) {
      super(errors.keySet().iterator().next(), "is invalid");
      this.fields = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(errors));
      this.detail = String.join("; ", errors.values());
      this.unknownParameter = false;
    }

    @Override
    public String getMessage() {
      return detail == null ? super.getMessage() : detail;
    }

    Map<String, String> fields() {
      return fields;
    }

    boolean unknownParameter() {
      return unknownParameter;
    }
  }
}
