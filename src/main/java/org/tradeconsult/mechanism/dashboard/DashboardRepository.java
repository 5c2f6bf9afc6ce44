package org.tradeconsult.mechanism.dashboard;

import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.Collection;
import java.util.List;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * The board's reads. Every list is the head of an index (bounded by {@code limit}); every count
 * groups on indexed columns, so the cost follows the rounds that are open, not the years of
 * rounds that ended.
 */
@Repository
class DashboardRepository {

  private final JdbcClient jdbc;

  DashboardRepository(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  record Count(String status, String level, long count) {}

  record ActiveRow(
      String id, String processInstanceId, String title, String level, String roundType, String conveningSide,
      String host, String requestedHost, String venue, LocalDate startDate, LocalDate endDate, String status,
      OffsetDateTime statusSince) {}

  record EndedRow(
      String id, String processInstanceId, String title, String level, String roundType, String status,
      String outcomeForm, OffsetDateTime endedAt) {}

  record OpenTaskRow(String roundId, String taskName, String sides, String role, OffsetDateTime createdAt) {}

  record OldestRow(String sides, String role, long openTasks, OffsetDateTime oldestSince) {}

  record OldestTaskRow(String roundId, String title, String taskName, OffsetDateTime createdAt) {}

  record TimerRow(String rootProcessInstanceId, Instant due, String processDefinitionId, String activityId) {}

  record ReleaseRow(String id, String roundId, String title, Instant releaseAt, String status) {}

  record CommitmentRow(
      String id, String roundId, String ownerSide, String action, LocalDate dueDate, LocalDate periodStart,
      LocalDate periodEnd, String status) {}

  record SideCount(String side, long count) {}

  // ---- counts (see StatusCounts: what ended is counted once, the rest through indexes)

  List<Count> roundsIn(Collection<String> statuses) {
    return jdbc.sql("select status, level, count(*) as count from consultation_round where status in (:statuses) group by status, level")
        .param("statuses", statuses).query(Count.class).list();
  }

  List<Count> roundsEndedAfter(Instant after) {
    return jdbc.sql("select status, level, count(*) as count from consultation_round where ended_at > :after group by status, level")
        .param("after", utc(after)).query(Count.class).list();
  }

  List<Count> roundsEndedUpTo(Instant upTo) {
    return jdbc.sql("select status, level, count(*) as count from consultation_round where ended_at <= :upTo group by status, level")
        .param("upTo", utc(upTo)).query(Count.class).list();
  }

  List<Count> commitmentsIn(Collection<String> statuses) {
    return jdbc.sql("select status, '' as level, count(*) as count from commitment where status in (:statuses) group by status")
        .param("statuses", statuses).query(Count.class).list();
  }

  List<Count> commitmentsEndedAfter(Instant after) {
    return jdbc.sql("select status, '' as level, count(*) as count from commitment where ended_at > :after group by status")
        .param("after", utc(after)).query(Count.class).list();
  }

  List<Count> commitmentsEndedUpTo(Instant upTo) {
    return jdbc.sql("select status, '' as level, count(*) as count from commitment where ended_at <= :upTo group by status")
        .param("upTo", utc(upTo)).query(Count.class).list();
  }

  /** Statements released in (after, upTo]; a null bound is open. */
  long statementsReleased(Instant after, Instant upTo) {
    return jdbc.sql("select count(*) from statement where status = 'RELEASED'" + range("released_at", after, upTo))
        .params(bounds(after, upTo)).query(Long.class).single();
  }

  /**
   * Co-lead decisions recorded in the audit trail in (after, upTo], by action and side (details
   * start with the side: "US", "CN: reason").
   */
  List<Count> coLeadDecisions(Instant after, Instant upTo) {
    return jdbc.sql("select action as status, substring(details, 1, 2) as level, count(*) as count from audit_event"
            + " where action in ('OUTCOME_APPROVED', 'OUTCOME_REJECTED')" + range("occurred_at", after, upTo)
            + " group by action, substring(details, 1, 2)")
        .params(bounds(after, upTo)).query(Count.class).list();
  }

  private static String range(String column, Instant after, Instant upTo) {
    return (after == null ? "" : " and " + column + " > :after") + (upTo == null ? "" : " and " + column + " <= :upTo");
  }

  private static java.util.Map<String, Object> bounds(Instant after, Instant upTo) {
    java.util.Map<String, Object> bounds = new java.util.HashMap<>();
    if (after != null) {
      bounds.put("after", utc(after));
    }
    if (upTo != null) {
      bounds.put("upTo", utc(upTo));
    }
    return bounds;
  }

  private static java.time.OffsetDateTime utc(Instant instant) {
    return instant.atOffset(java.time.ZoneOffset.UTC);
  }

  List<ActiveRow> active(Collection<String> activeStatuses, int limit) {
    return jdbc.sql(
            """
            select id, process_instance_id, title, level, round_type, convening_side, host, requested_host, venue,
                   start_date, end_date, status, status_since
            from consultation_round where status in (:statuses)
            order by status_since, id fetch first :limit rows only
            """)
        .param("statuses", activeStatuses).param("limit", limit)
        .query(ActiveRow.class).list();
  }

  List<EndedRow> recentlyEnded(int limit) {
    return jdbc.sql(
            """
            select id, process_instance_id, title, level, round_type, status, outcome_form, ended_at
            from consultation_round where ended_at is not null
            order by ended_at desc, id fetch first :limit rows only
            """)
        .param("limit", limit)
        .query(EndedRow.class).list();
  }

  List<OpenTaskRow> openTasks(Collection<String> roundIds) {
    if (roundIds.isEmpty()) {
      return List.of();
    }
    return jdbc.sql(
            """
            select round_id, task_name, sides, role, created_at from round_open_task
            where round_id in (:ids) order by created_at, task_id
            """)
        .param("ids", roundIds)
        .query(OpenTaskRow.class).list();
  }

  /** Open tasks grouped by the sides they are offered to ('US', 'CN' or 'CN,US') and role. */
  List<OldestRow> openTasksBySidesAndRole() {
    return jdbc.sql(
            """
            select sides, role, count(*) as open_tasks, min(created_at) as oldest_since from round_open_task
            where sides is not null group by sides, role
            """)
        .query(OldestRow.class).list();
  }

  /** The task of one side (and role) waiting longest, with its round. */
  OldestTaskRow oldestTask(String sides, String role) {
    var query = jdbc.sql(
            """
            select t.round_id, r.title, t.task_name, t.created_at from round_open_task t
            join consultation_round r on r.id = t.round_id
            where t.sides = :sides and t.role %s
            order by t.created_at, t.task_id fetch first 1 rows only
            """.formatted(role == null ? "is null" : "= :role"))
        .param("sides", sides);
    if (role != null) {
      query = query.param("role", role);
    }
    return query.query(OldestTaskRow.class).optional().orElse(null);
  }

  /**
   * The engine's pending timers of these rounds, their statements' and their commitments' (all
   * share the round's root process instance). Runtime rows only: one per timer still to fire.
   */
  List<TimerRow> pendingTimers(Collection<String> rootProcessInstanceIds) {
    if (rootProcessInstanceIds.isEmpty()) {
      return List.of();
    }
    return jdbc.sql(
            """
            select j.ROOT_PROC_INST_ID_ as root_process_instance_id, j.DUEDATE_ as due,
                   j.PROCESS_DEF_ID_ as process_definition_id, d.ACT_ID_ as activity_id
            from ACT_RU_JOB j left join ACT_RU_JOBDEF d on d.ID_ = j.JOB_DEF_ID_
            where j.TYPE_ = 'timer' and j.ROOT_PROC_INST_ID_ in (:ids)
            """)
        .param("ids", rootProcessInstanceIds)
        .query(TimerRow.class).list();
  }

  List<ReleaseRow> upcomingReleases(Instant now, int limit) {
    return jdbc.sql(
            """
            select s.id, s.round_id, r.title, s.release_at, s.status from statement s
            join consultation_round r on r.id = s.round_id
            where s.status in ('SIGNING', 'SCHEDULED') and s.release_at > :now
            order by s.release_at, s.id fetch first :limit rows only
            """)
        .param("now", utc(now)).param("limit", limit)
        .query(ReleaseRow.class).list();
  }


  List<CommitmentRow> commitments(Collection<String> statuses, LocalDate dueBy, int limit) {
    return jdbc.sql(
            """
            select id, round_id, owner_side, action, due_date, period_start, period_end, status from commitment
            where status in (:statuses) and due_date <= :dueBy
            order by due_date, id fetch first :limit rows only
            """)
        .param("statuses", statuses).param("dueBy", dueBy).param("limit", limit)
        .query(CommitmentRow.class).list();
  }

  List<CommitmentRow> runningPeriods(Collection<String> statuses, int limit) {
    return jdbc.sql(
            """
            select id, round_id, owner_side, action, due_date, period_start, period_end, status from commitment
            where status in (:statuses) and period_end is not null
            order by period_end, id fetch first :limit rows only
            """)
        .param("statuses", statuses).param("limit", limit)
        .query(CommitmentRow.class).list();
  }
}
