package org.tradeconsult.mechanism.validation;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Date;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.function.Function;
import org.camunda.bpm.engine.delegate.VariableScope;
import org.camunda.spin.json.SpinJsonNode;

/**
 * Reads and checks input by field name, whatever carried it: a Tasklist form (strings,
 * booleans, JSON arrays), a REST call or a message. Every refusal names the field. Forms
 * validate in the browser too, but a form is no permission: this is the check that counts.
 */
public final class Inputs {

  private final Function<String, Object> source;

  private Inputs(Function<String, Object> source) {
    this.source = source;
  }

  public static Inputs of(VariableScope scope) {
    return new Inputs(scope::getVariable);
  }

  public static Inputs of(Map<String, ?> values) {
    return new Inputs(values::get);
  }

  public boolean isPresent(String field) {
    Object value = source.apply(field);
    return value != null && !(value instanceof String s && s.isBlank());
  }

  public String requiredText(String field, int maxLength) {
    return optionalText(field, maxLength).orElseThrow(() -> new InvalidInputException(field, "is required"));
  }

  /** Text of any length up to {@code maxLength}, line breaks and tabs allowed, control characters refused. */
  public Optional<String> optionalText(String field, int maxLength) {
    return text(field, maxLength, false);
  }

  /** One line of text, such as a title or a venue: a line break is refused too. */
  public String requiredLine(String field, int maxLength) {
    return optionalLine(field, maxLength).orElseThrow(() -> new InvalidInputException(field, "is required"));
  }

  public Optional<String> optionalLine(String field, int maxLength) {
    return text(field, maxLength, true);
  }

  private Optional<String> text(String field, int maxLength, boolean singleLine) {
    Object value = source.apply(field);
    if (value == null) {
      return Optional.empty();
    }
    if (!(value instanceof String text)) {
      throw new InvalidInputException(field, "must be text");
    }
    // the whole text, not the stripped one: strip() would silently drop some controls at the ends
    OptionalInt control = PlainText.firstForbidden(text, false);
    if (control.isPresent()) {
      throw new InvalidInputException(field, "must not contain control characters ("
          + PlainText.codePoint(text.charAt(control.getAsInt())) + " at position " + (control.getAsInt() + 1) + ")");
    }
    String trimmed = text.strip();
    if (trimmed.isEmpty()) {
      return Optional.empty();
    }
    if (trimmed.length() > maxLength) {
      throw new InvalidInputException(field, "must be at most " + maxLength + " characters long");
    }
    if (singleLine && PlainText.firstForbidden(trimmed, true).isPresent()) {
      throw new InvalidInputException(field, "must be a single line, without line breaks");
    }
    return Optional.of(trimmed);
  }

  public <E extends Enum<E>> E requiredEnum(String field, Class<E> type) {
    return optionalEnum(field, type).orElseThrow(() -> new InvalidInputException(field, "is required; one of " + names(type)));
  }

  public <E extends Enum<E>> Optional<E> optionalEnum(String field, Class<E> type) {
    Optional<String> text = optionalText(field, 64);
    if (text.isEmpty()) {
      return Optional.empty();
    }
    try {
      return Optional.of(Enum.valueOf(type, text.get().toUpperCase(Locale.ROOT)));
    } catch (IllegalArgumentException e) {
      throw new InvalidInputException(field, "must be one of " + names(type) + ", not '" + text.get() + "'");
    }
  }

  /** One of the allowed words (any case in, upper case out): a decision such as APPROVE or REJECT. */
  public String choice(String field, String... allowed) {
    String value = optionalText(field, 32).map(v -> v.toUpperCase(Locale.ROOT)).orElse(null);
    for (String option : allowed) {
      if (option.equals(value)) {
        return option;
      }
    }
    throw new InvalidInputException(field, "must be one of " + String.join(", ", allowed));
  }

  public LocalDate requiredDate(String field) {
    return optionalDate(field).orElseThrow(() -> new InvalidInputException(field, "is required (a date such as 2026-05-12)"));
  }

  public Optional<LocalDate> optionalDate(String field) {
    Object value = source.apply(field);
    if (value == null || value instanceof String s && s.isBlank()) {
      return Optional.empty();
    }
    if (value instanceof LocalDate date) {
      return Optional.of(date);
    }
    if (value instanceof Date date) {
      return Optional.of(date.toInstant().atOffset(ZoneOffset.UTC).toLocalDate());
    }
    if (value instanceof String text) {
      String trimmed = text.strip();
      try {
        // Tasklist's date picker sends 2026-05-12; datetime pickers add a time, which must be one:
        // "2027-01-01' OR '1'='1" is not a date.
        return Optional.of(trimmed.length() > 10
            ? LocalDate.from(DateTimeFormatter.ISO_DATE_TIME.parse(trimmed))
            : LocalDate.parse(trimmed));
      } catch (DateTimeParseException e) {
        throw new InvalidInputException(field, "must be a date such as 2026-05-12, not '" + trimmed + "'");
      }
    }
    throw new InvalidInputException(field, "must be a date such as 2026-05-12");
  }

  /** An instant: ISO with an offset, or a date-time without one, which is taken as UTC. */
  public Instant requiredInstant(String field) {
    Object value = source.apply(field);
    if (value instanceof Date date) {
      return date.toInstant();
    }
    String text = requiredText(field, 64);
    try {
      return OffsetDateTime.parse(text).toInstant();
    } catch (DateTimeParseException notOffset) {
      try {
        return LocalDateTime.parse(text).toInstant(ZoneOffset.UTC);
      } catch (DateTimeParseException e) {
        throw new InvalidInputException(field, "must be a date and time such as 2025-05-12T08:00:00Z, not '" + text + "'");
      }
    }
  }

  public boolean flag(String field, boolean defaultValue) {
    Object value = source.apply(field);
    if (value == null || value instanceof String s && s.isBlank()) {
      return defaultValue;
    }
    if (value instanceof Boolean b) {
      return b;
    }
    if (value instanceof String s && (s.equalsIgnoreCase("true") || s.equalsIgnoreCase("false"))) {
      return Boolean.parseBoolean(s);
    }
    throw new InvalidInputException(field, "must be true or false");
  }

  /** A list of strings: a JSON array (as Tasklist sends a checklist), a Java list, or comma-separated text. */
  public List<String> stringList(String field) {
    Object value = source.apply(field);
    List<String> items = new ArrayList<>();
    if (value == null) {
      return items;
    }
    if (value instanceof SpinJsonNode json) {
      if (!json.isArray()) {
        throw new InvalidInputException(field, "must be a list");
      }
      json.elements().forEach(e -> items.add(e.isString() ? e.stringValue() : e.toString()));
    } else if (value instanceof Collection<?> collection) {
      collection.forEach(e -> items.add(String.valueOf(e)));
    } else if (value instanceof String text) {
      String trimmed = text.strip();
      if (trimmed.startsWith("[")) {
        trimmed = trimmed.substring(1, trimmed.endsWith("]") ? trimmed.length() - 1 : trimmed.length());
      }
      Arrays.stream(trimmed.split(","))
          .map(s -> s.strip().replaceAll("^\"|\"$", ""))
          .filter(s -> !s.isEmpty())
          .forEach(items::add);
    } else {
      throw new InvalidInputException(field, "must be a list");
    }
    return items.stream().map(String::strip).filter(s -> !s.isEmpty()).toList();
  }

  private static <E extends Enum<E>> List<String> names(Class<E> type) {
    return Arrays.stream(type.getEnumConstants()).map(Enum::name).toList();
  }
}
