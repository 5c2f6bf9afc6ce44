package org.tradeconsult.mechanism.round;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.springframework.util.MultiValueMap;
import org.tradeconsult.mechanism.identity.Side;
import org.tradeconsult.mechanism.validation.InvalidInputException;
import org.tradeconsult.mechanism.validation.Inputs;

/**
 * {@code GET /api/v1/rounds}: the filters, the order and the page, checked. Enum filters take one
 * value, several comma-separated ones, or the parameter repeated; codes in any case.
 */
record RoundSearch(
    List<RoundStatus> statuses,
    List<RoundLevel> levels,
    List<RoundType> types,
    List<Host> hosts,
    List<Side> requestingSides,
    LocalDate from,
    LocalDate to,
    String text,
    List<Order> orders,
    int page,
    int size) {

  static final String STATUS = "status";
  static final String LEVEL = "level";
  static final String TYPE = "type";
  static final String HOST = "host";
  static final String REQUESTING_SIDE = "requestingSide";
  static final String FROM = "from";
  static final String TO = "to";
  static final String Q = "q";
  static final String SORT = "sort";
  static final String PAGE = "page";
  static final String SIZE = "size";

  static final int DEFAULT_SIZE = 20;
  static final int MAX_SIZE = 200;
  static final int MAX_TEXT = 200;
  static final String DEFAULT_SORT = "createdAt,desc";

  /** The fields one may sort by, and their columns: nothing else ever reaches the SQL. */
  static final Map<String, String> SORTABLE = sortable();

  static final Set<String> PARAMETERS = Set.of(STATUS, LEVEL, TYPE, HOST, REQUESTING_SIDE, FROM, TO, Q, SORT, PAGE, SIZE);

  /** One sort key: a whitelisted column and a direction. */
  record Order(String field, String column, boolean descending) {}

  static RoundSearch parse(MultiValueMap<String, String> parameters) {
    for (String name : parameters.keySet()) {
      if (!PARAMETERS.contains(name)) {
        throw new UnknownParameterException(name, PARAMETERS.stream().sorted().toList());
      }
    }
    FieldErrors errors = new FieldErrors();
    List<RoundStatus> statuses = errors.check(() -> codes(parameters, STATUS, RoundStatus.class));
    List<RoundLevel> levels = errors.check(() -> codes(parameters, LEVEL, RoundLevel.class));
    List<RoundType> types = errors.check(() -> codes(parameters, TYPE, RoundType.class));
    List<Host> hosts = errors.check(() -> codes(parameters, HOST, Host.class));
    List<Side> sides = errors.check(() -> codes(parameters, REQUESTING_SIDE, Side.class));
    LocalDate from = errors.check(() -> single(parameters, FROM).optionalDate(FROM).orElse(null));
    LocalDate to = errors.check(() -> single(parameters, TO).optionalDate(TO).orElse(null));
    String text = errors.check(() -> single(parameters, Q).optionalText(Q, MAX_TEXT).orElse(null));
    List<Order> orders = errors.check(() -> orders(parameters));
    Integer page = errors.check(() -> number(parameters, PAGE, 0, 0, Integer.MAX_VALUE));
    Integer size = errors.check(() -> number(parameters, SIZE, DEFAULT_SIZE, 1, MAX_SIZE));
    if (from != null && to != null && to.isBefore(from)) {
      errors.reject(TO, "must not be before " + FROM + " (" + from + ")");
    }
    errors.throwIfAny();
    return new RoundSearch(statuses, levels, types, hosts, sides, from, to, text, orders, page, size);
  }

  long offset() {
    return (long) page * size;
  }

  private static Inputs single(MultiValueMap<String, String> parameters, String name) {
    List<String> values = parameters.getOrDefault(name, List.of());
    if (values.size() > 1) {
      throw new InvalidInputException(name, "must be given at most once");
    }
    return Inputs.of(values.isEmpty() ? Map.of() : Map.of(name, values.get(0)));
  }

  private static <E extends Enum<E>> List<E> codes(MultiValueMap<String, String> parameters, String name, Class<E> type) {
    List<E> codes = new ArrayList<>();
    for (String value : parameters.getOrDefault(name, List.of())) {
      if (value.isBlank()) {
        continue; // an empty form field filters nothing
      }
      for (String code : value.split(",", -1)) {
        if (code.isBlank()) {
          throw new InvalidInputException(name, "must not have an empty value");
        }
        E parsed = Inputs.of(Map.of(name, code)).requiredEnum(name, type);
        if (!codes.contains(parsed)) {
          codes.add(parsed);
        }
      }
    }
    return List.copyOf(codes);
  }

  private static int number(MultiValueMap<String, String> parameters, String name, int defaultValue, int min, int max) {
    single(parameters, name);
    String text = parameters.getOrDefault(name, List.of("")).get(0).strip();
    if (text.isEmpty()) {
      return defaultValue;
    }
    try {
      int value = Integer.parseInt(text);
      if (value >= min && value <= max) {
        return value;
      }
    } catch (NumberFormatException e) {
      // answered below, with the range
    }
    throw new InvalidInputException(name, "must be a whole number from " + min + " to " + max + ", not '" + text + "'");
  }

  /** {@code sort=field} or {@code sort=field,asc|desc}, repeatable; the round id always breaks ties. */
  private static List<Order> orders(MultiValueMap<String, String> parameters) {
    List<String> values = parameters.getOrDefault(SORT, List.of());
    List<Order> orders = new ArrayList<>();
    for (String value : values.isEmpty() ? List.of(DEFAULT_SORT) : values) {
      String[] parts = value.strip().split("\\s*,\\s*", -1);
      String column = SORTABLE.get(parts[0]);
      if (column == null || parts.length > 2) {
        throw new InvalidInputException(SORT, "must be 'field' or 'field,asc|desc' with a field of " + SORTABLE.keySet() + ", not '" + value + "'");
      }
      String direction = parts.length == 2 ? parts[1].toLowerCase(Locale.ROOT) : "asc";
      if (!direction.equals("asc") && !direction.equals("desc")) {
        throw new InvalidInputException(SORT, "direction must be asc or desc, not '" + parts[1] + "'");
      }
      if (orders.stream().noneMatch(o -> o.column().equals(column))) {
        orders.add(new Order(parts[0], column, direction.equals("desc")));
      }
    }
    if (orders.stream().noneMatch(o -> o.column().equals("id"))) {
      orders.add(new Order("id", "id", false));
    }
    return List.copyOf(orders);
  }

  private static Map<String, String> sortable() {
    Map<String, String> columns = new LinkedHashMap<>();
    columns.put("createdAt", "created_at");
    columns.put("startDate", "start_date");
    columns.put("endDate", "end_date");
    columns.put("statusSince", "status_since");
    columns.put("title", "title");
    columns.put("status", "status");
    columns.put("level", "level");
    columns.put("type", "round_type");
    columns.put("id", "id");
    return Collections.unmodifiableMap(columns);
  }
}
