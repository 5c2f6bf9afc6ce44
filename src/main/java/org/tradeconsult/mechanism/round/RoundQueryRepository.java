package org.tradeconsult.mechanism.round;

import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * The API's reads of our round tables. Filters are bound as parameters and sort columns come from
 * {@link RoundSearch#SORTABLE}: no text of a request becomes SQL.
 */
@Repository
class RoundQueryRepository {

  private final JdbcClient jdbc;

  RoundQueryRepository(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  List<Round> search(RoundSearch search) {
    Map<String, Object> params = new HashMap<>();
    String where = where(search, params);
    String orderBy =
        search.orders().stream()
            .map(o -> o.column() + (o.descending() ? " desc" : " asc") + " nulls last")
            .collect(Collectors.joining(", "));
    params.put("offset", search.offset());
    params.put("size", search.size());
    return jdbc.sql("select * from consultation_round" + where + " order by " + orderBy
            + " offset :offset rows fetch next :size rows only")
        .params(params)
        .query(Round.class)
        .list();
  }

  long count(RoundSearch search) {
    Map<String, Object> params = new HashMap<>();
    return jdbc.sql("select count(*) from consultation_round" + where(search, params)).params(params).query(Long.class).single();
  }

  private static String where(RoundSearch search, Map<String, Object> params) {
    StringBuilder where = new StringBuilder(" where 1 = 1");
    in(where, params, "status", search.statuses());
    in(where, params, "level", search.levels());
    in(where, params, "round_type", search.types());
    in(where, params, "coalesce(host, requested_host)", "host", search.hosts());
    in(where, params, "convening_side", search.requestingSides());
    if (search.from() != null) {
      where.append(" and start_date >= :from");
      params.put("from", search.from());
    }
    if (search.to() != null) {
      where.append(" and start_date <= :to");
      params.put("to", search.to());
    }
    if (search.text() != null) {
      where.append(" and (lower(title) like :text escape '\\' or lower(coalesce(reason, '')) like :text escape '\\')");
      params.put("text", "%" + likeEscaped(search.text().toLowerCase(Locale.ROOT)) + "%");
    }
    return where.toString();
  }

  private static void in(StringBuilder where, Map<String, Object> params, String column, List<? extends Enum<?>> codes) {
    in(where, params, column, column, codes);
  }

  private static void in(StringBuilder where, Map<String, Object> params, String expression, String param, List<? extends Enum<?>> codes) {
    if (!codes.isEmpty()) {
      where.append(" and ").append(expression).append(" in (:").append(param).append(")");
      params.put(param, codes.stream().map(Enum::name).toList());
    }
  }

  private static String likeEscaped(String text) {
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_");
  }

  /** Rounds that start today or later and have not ended, soonest first. */
  List<Round> upcoming(LocalDate today) {
    return jdbc.sql(
            """
            select * from consultation_round
            where start_date >= :today and status not in (:terminal)
            order by start_date, id
            """)
        .param("today", today)
        .param("terminal", Arrays.stream(RoundStatus.values()).filter(RoundStatus::isTerminal).map(Enum::name).toList())
        .query(Round.class)
        .list();
  }

  List<OpenTaskRow> openTasks(String roundId) {
    return jdbc.sql(
            """
            select task_id, activity_id, task_name, sides, role, created_at from round_open_task
            where round_id = :id order by created_at, task_id
            """)
        .param("id", roundId)
        .query(OpenTaskRow.class)
        .list();
  }

  List<RoundDetails.Session> sessions(String roundId) {
    return jdbc.sql(
            """
            select session_no, item_outcomes, outcome_form, commitments, recorded_by, recorded_at from round_session
            where round_id = :id order by session_no
            """)
        .param("id", roundId)
        .query(RoundDetails.Session.class)
        .list();
  }

  /** The readouts published by now: one recorded for a later instant stays unseen until then. */
  List<RoundDetails.Readout> readouts(String roundId, Instant now) {
    return jdbc.sql(
            """
            select side, text, published_at, recorded_by from round_readout
            where round_id = :id and published_at <= :now order by side
            """)
        .param("id", roundId)
        .param("now", now.atOffset(ZoneOffset.UTC))
        .query(RoundDetails.Readout.class)
        .list();
  }

  /** A row of {@code round_open_task}. */
  record OpenTaskRow(String taskId, String activityId, String taskName, String sides, String role, OffsetDateTime createdAt) {}
}
