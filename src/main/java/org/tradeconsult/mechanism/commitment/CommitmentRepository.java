package org.tradeconsult.mechanism.commitment;

import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * Our own tables about agreed commitments. Every write joins the engine's transaction. Rows still
 * PROPOSED belong to a round that is being negotiated and are invisible here.
 */
@Repository
class CommitmentRepository {

  private static final String COLUMNS =
      """
      id, round_id, session_no, owner_side, action, due_date, period_start, period_end, status, status_since,
      implementation, instrument, effective_at, confirmed_by, confirmed_at, ad_hoc_round_id, process_instance_id,
      created_at, ended_at
      """;
  private static final String AGREED = "status <> 'PROPOSED'";

  private final JdbcClient jdbc;

  CommitmentRepository(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  Optional<TrackedCommitment> find(String id) {
    return jdbc.sql("select " + COLUMNS + " from commitment where id = :id and " + AGREED)
        .param("id", id)
        .query(TrackedCommitment.class)
        .optional();
  }

  /** Ties the commitment to the process that follows it up; false if another one already does. */
  boolean attach(String id, String processInstanceId, Instant now) {
    return jdbc.sql(
            """
            update commitment set process_instance_id = :pi, status_since = :now
            where id = :id and status = 'PENDING' and process_instance_id is null
            """)
        .param("pi", processInstanceId)
        .param("now", utc(now))
        .param("id", id)
        .update() == 1;
  }

  void updateStatus(String id, CommitmentStatus status, Instant now, String actor) {
    jdbc.sql(
            """
            update commitment set status = :status, status_since = :now,
                ended_at = case when :terminal then :now else ended_at end
            where id = :id
            """)
        .param("status", status.name())
        .param("now", utc(now))
        .param("terminal", status.isTerminal())
        .param("id", id)
        .update();
    addStatusChange(id, status, now, actor);
  }

  void addStatusChange(String id, CommitmentStatus status, Instant now, String actor) {
    jdbc.sql(
            """
            insert into commitment_status_change (commitment_id, status, changed_at, changed_by)
            values (:id, :status, :now, :actor)
            """)
        .param("id", id)
        .param("status", status.name())
        .param("now", utc(now))
        .param("actor", actor)
        .update();
  }

  List<CommitmentStatusChange> statusHistory(String id) {
    return jdbc.sql("select status, changed_at, changed_by from commitment_status_change where commitment_id = :id order by id")
        .param("id", id)
        .query(CommitmentStatusChange.class)
        .list();
  }

  void recordImplementation(String id, String implementation, String instrument, Instant effectiveAt, String actor, Instant now) {
    jdbc.sql(
            """
            update commitment set implementation = :implementation, instrument = :instrument, effective_at = :effectiveAt,
                confirmed_by = :actor, confirmed_at = :now
            where id = :id
            """)
        .param("implementation", implementation)
        .param("instrument", instrument)
        .param("effectiveAt", utc(effectiveAt))
        .param("actor", actor)
        .param("now", utc(now))
        .param("id", id)
        .update();
  }

  void recordAdHocRound(String id, String roundId) {
    jdbc.sql("update commitment set ad_hoc_round_id = :roundId where id = :id").param("roundId", roundId).param("id", id).update();
  }

  void addPeriod(String id, int seq, LocalDate start, LocalDate end, String actor, Instant now) {
    jdbc.sql(
            """
            insert into commitment_period (commitment_id, seq, start_date, end_date, recorded_by, recorded_at)
            values (:id, :seq, :start, :end, :actor, :now)
            """)
        .param("id", id)
        .param("seq", seq)
        .param("start", start)
        .param("end", end)
        .param("actor", actor)
        .param("now", utc(now))
        .update();
    jdbc.sql("update commitment set period_end = :end where id = :id").param("end", end).param("id", id).update();
  }

  List<CommitmentPeriod> periods(String id) {
    return jdbc.sql(
            "select seq, start_date, end_date, recorded_by, recorded_at from commitment_period where commitment_id = :id order by seq")
        .param("id", id)
        .query(CommitmentPeriod.class)
        .list();
  }

  /** The periods of several commitments at once, by commitment id (one query for a page of results). */
  Map<String, List<CommitmentPeriod>> periods(Collection<String> ids) {
    Map<String, List<CommitmentPeriod>> periods = new HashMap<>();
    if (ids.isEmpty()) {
      return periods;
    }
    jdbc.sql(
            """
            select commitment_id, seq, start_date, end_date, recorded_by, recorded_at from commitment_period
            where commitment_id in (:ids) order by commitment_id, seq
            """)
        .param("ids", ids)
        .query((rs, rowNum) -> Map.entry(
            rs.getString("commitment_id"),
            new CommitmentPeriod(
                rs.getInt("seq"),
                rs.getObject("start_date", LocalDate.class),
                rs.getObject("end_date", LocalDate.class),
                rs.getString("recorded_by"),
                rs.getObject("recorded_at", OffsetDateTime.class))))
        .list()
        .forEach(entry -> periods.computeIfAbsent(entry.getKey(), k -> new java.util.ArrayList<>()).add(entry.getValue()));
    return periods;
  }

  /** One page of the commitments matching the query, in a stable order: due date, then id. */
  List<TrackedCommitment> search(CommitmentQuery query) {
    Map<String, Object> params = new LinkedHashMap<>();
    String sql = "select " + COLUMNS + " from commitment" + where(query, params) + " order by due_date, id limit :limit offset :offset";
    params.put("limit", query.size());
    params.put("offset", (long) query.page() * query.size());
    return jdbc.sql(sql).params(params).query(TrackedCommitment.class).list();
  }

  long count(CommitmentQuery query) {
    Map<String, Object> params = new LinkedHashMap<>();
    return jdbc.sql("select count(*) from commitment" + where(query, params)).params(params).query(Long.class).single();
  }

  private static String where(CommitmentQuery query, Map<String, Object> params) {
    StringBuilder where = new StringBuilder(" where ").append(AGREED);
    if (!query.sides().isEmpty()) {
      where.append(" and owner_side in (:sides)");
      params.put("sides", query.sides().stream().map(Enum::name).toList());
    }
    if (!query.statuses().isEmpty()) {
      where.append(" and status in (:statuses)");
      params.put("statuses", query.statuses().stream().map(Enum::name).toList());
    }
    if (query.dueBefore() != null) {
      where.append(" and due_date < :dueBefore");
      params.put("dueBefore", query.dueBefore());
    }
    if (query.dueAfter() != null) {
      where.append(" and due_date > :dueAfter");
      params.put("dueAfter", query.dueAfter());
    }
    if (query.roundId() != null) {
      where.append(" and round_id = :roundId");
      params.put("roundId", query.roundId());
    }
    return where.toString();
  }

  private static OffsetDateTime utc(Instant instant) {
    return instant.atOffset(ZoneOffset.UTC);
  }
}
