package org.tradeconsult.mechanism.round;

import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** Our own tables about rounds. Every write joins the engine's transaction. */
@Repository
class RoundRepository {

  private final JdbcClient jdbc;

  RoundRepository(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  void insert(String id, String processInstanceId, NewRound round, RoundStatus status, Instant now, String actor) {
    jdbc.sql(
            """
            insert into consultation_round (id, process_instance_id, level, round_type, title, convening_side,
                reason, urgent, leaders_endorsement, requested_host, venue, start_date, end_date,
                status, status_since, created_at, created_by)
            values (:id, :pi, :level, :type, :title, :side, :reason, :urgent, :endorsement, :requestedHost,
                :venue, :startDate, :endDate, :status, :now, :now, :actor)
            """)
        .param("id", id)
        .param("pi", processInstanceId)
        .param("level", round.level().name())
        .param("type", round.type().name())
        .param("title", round.title())
        .param("side", round.conveningSide().name())
        .param("reason", round.reason())
        .param("urgent", round.urgent())
        .param("endorsement", round.leadersEndorsementRequired())
        .param("requestedHost", round.requestedHost() == null ? null : round.requestedHost().name())
        .param("venue", round.venue())
        .param("startDate", round.startDate())
        .param("endDate", round.endDate())
        .param("status", status.name())
        .param("now", utc(now))
        .param("actor", actor)
        .update();
    addStatusChange(id, status, now, actor);
  }

  Optional<Round> find(String id) {
    return jdbc.sql("select * from consultation_round where id = :id").param("id", id).query(Round.class).optional();
  }

  Optional<RoundStatus> status(String id) {
    return jdbc.sql("select status from consultation_round where id = :id")
        .param("id", id)
        .query(RoundStatus.class)
        .optional();
  }

  void updateStatus(String id, RoundStatus status, Instant now, String actor) {
    jdbc.sql(
            """
            update consultation_round set status = :status, status_since = :now,
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

  private void addStatusChange(String id, RoundStatus status, Instant now, String actor) {
    jdbc.sql("insert into round_status_change (round_id, status, changed_at, changed_by) values (:id, :status, :now, :actor)")
        .param("id", id)
        .param("status", status.name())
        .param("now", utc(now))
        .param("actor", actor)
        .update();
  }

  List<StatusChange> statusHistory(String id) {
    return jdbc.sql("select status, changed_at, changed_by from round_status_change where round_id = :id order by id")
        .param("id", id)
        .query(StatusChange.class)
        .list();
  }

  void addOpenTask(String taskId, String roundId, String activityId, String name, String sides, String role, Instant now) {
    jdbc.sql(
            """
            insert into round_open_task (task_id, round_id, activity_id, task_name, sides, role, created_at)
            values (:taskId, :roundId, :activityId, :name, :sides, :role, :now)
            """)
        .param("taskId", taskId)
        .param("roundId", roundId)
        .param("activityId", activityId)
        .param("name", name)
        .param("sides", sides)
        .param("role", role)
        .param("now", utc(now))
        .update();
    refreshAwaitedSides(roundId);
  }

  void removeOpenTask(String taskId, String roundId) {
    jdbc.sql("delete from round_open_task where task_id = :taskId").param("taskId", taskId).update();
    refreshAwaitedSides(roundId);
  }

  List<String> openTaskActivities(String roundId) {
    return jdbc.sql("select activity_id from round_open_task where round_id = :id order by activity_id")
        .param("id", roundId)
        .query(String.class)
        .list();
  }

  private void refreshAwaitedSides(String roundId) {
    List<String> sides =
        jdbc.sql("select sides from round_open_task where round_id = :id and sides is not null")
            .param("id", roundId)
            .query(String.class)
            .list()
            .stream()
            .flatMap(s -> Arrays.stream(s.split(",")))
            .distinct()
            .sorted()
            .toList();
    jdbc.sql("update consultation_round set awaited_sides = :sides where id = :id")
        .param("sides", sides.isEmpty() ? null : String.join(",", sides))
        .param("id", roundId)
        .update();
  }

  void updateArrangements(String id, Host host, String venue, LocalDate startDate, LocalDate endDate) {
    jdbc.sql("update consultation_round set host = :host, venue = :venue, start_date = :start, end_date = :end where id = :id")
        .param("host", host.name())
        .param("venue", venue)
        .param("start", startDate)
        .param("end", endDate)
        .param("id", id)
        .update();
  }

  int recordSession(String roundId, String itemOutcomes, OutcomeForm form, String commitments, Instant now, String actor) {
    jdbc.sql("update consultation_round set session_count = session_count + 1, outcome_form = :form where id = :id")
        .param("form", form.name())
        .param("id", roundId)
        .update();
    int sessionNo =
        jdbc.sql("select session_count from consultation_round where id = :id").param("id", roundId).query(Integer.class).single();
    jdbc.sql(
            """
            insert into round_session (round_id, session_no, item_outcomes, outcome_form, commitments, recorded_by, recorded_at)
            values (:id, :no, :outcomes, :form, :commitments, :actor, :now)
            """)
        .param("id", roundId)
        .param("no", sessionNo)
        .param("outcomes", itemOutcomes)
        .param("form", form.name())
        .param("commitments", commitments)
        .param("actor", actor)
        .param("now", utc(now))
        .update();
    return sessionNo;
  }

  void replaceProposedCommitments(String roundId, List<Commitment> commitments, Instant now) {
    jdbc.sql("delete from commitment where round_id = :id and status = 'PROPOSED'").param("id", roundId).update();
    for (Commitment c : commitments) {
      jdbc.sql(
              """
              insert into commitment (id, round_id, session_no, owner_side, action, due_date, period_start, period_end, status, created_at)
              values (:id, :roundId, :sessionNo, :owner, :action, :due, :periodStart, :periodEnd, 'PROPOSED', :now)
              """)
          .param("id", c.id())
          .param("roundId", roundId)
          .param("sessionNo", c.sessionNo())
          .param("owner", c.ownerSide())
          .param("action", c.action())
          .param("due", c.dueDate())
          .param("periodStart", c.periodStart())
          .param("periodEnd", c.periodEnd())
          .param("now", utc(now))
          .update();
    }
  }

  /** Marks the proposed commitments as agreed (PENDING) and returns their ids. */
  List<String> agreeProposedCommitments(String roundId) {
    jdbc.sql("update commitment set status = 'PENDING' where round_id = :id and status = 'PROPOSED'").param("id", roundId).update();
    return jdbc.sql("select id from commitment where round_id = :id and status = 'PENDING' order by id")
        .param("id", roundId)
        .query(String.class)
        .list();
  }

  List<Commitment> commitments(String roundId) {
    return jdbc.sql("select * from commitment where round_id = :id order by id").param("id", roundId).query(Commitment.class).list();
  }

  int incrementRejections(String id) {
    jdbc.sql("update consultation_round set rejection_count = rejection_count + 1 where id = :id").param("id", id).update();
    return jdbc.sql("select rejection_count from consultation_round where id = :id").param("id", id).query(Integer.class).single();
  }

  void upsertReadout(String roundId, String side, String text, Instant publishedAt, String actor) {
    jdbc.sql("delete from round_readout where round_id = :id and side = :side").param("id", roundId).param("side", side).update();
    jdbc.sql(
            """
            insert into round_readout (round_id, side, text, published_at, recorded_by)
            values (:id, :side, :text, :publishedAt, :actor)
            """)
        .param("id", roundId)
        .param("side", side)
        .param("text", text)
        .param("publishedAt", utc(publishedAt))
        .param("actor", actor)
        .update();
  }

  int readoutCount(String roundId) {
    return jdbc.sql("select count(*) from round_readout where round_id = :id").param("id", roundId).query(Integer.class).single();
  }

  /** The host of the latest principal round that was held in one of the two countries. */
  Optional<String> lastHomeHostOfPrincipalRounds(String excludingRoundId) {
    return jdbc.sql(
            """
            select host from consultation_round
            where level = 'PRINCIPAL' and host in ('US', 'CN') and id <> :id
              and status not in ('DECLINED', 'LAPSED', 'CANCELLED')
            order by coalesce(start_date, cast(created_at as date)) desc, created_at desc
            """)
        .param("id", excludingRoundId)
        .query(String.class)
        .list()
        .stream()
        .findFirst();
  }

  /** When the latest regular round of a level was created, if any. */
  Optional<OffsetDateTime> latestRegularRound(RoundLevel level) {
    return jdbc.sql("select max(created_at) from consultation_round where round_type = 'REGULAR' and level = :level")
        .param("level", level.name())
        .query(OffsetDateTime.class)
        .optional();
  }

  /** The side that convened the latest regular round of a level. */
  Optional<String> latestRegularConveningSide(RoundLevel level) {
    return jdbc.sql(
            "select convening_side from consultation_round where round_type = 'REGULAR' and level = :level order by created_at desc")
        .param("level", level.name())
        .query(String.class)
        .list()
        .stream()
        .findFirst();
  }

  private static OffsetDateTime utc(Instant instant) {
    return instant.atOffset(ZoneOffset.UTC);
  }
}
