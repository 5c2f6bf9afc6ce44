package org.tradeconsult.mechanism.statement;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** The statement tables; every write joins the engine's transaction. */
@Repository
class StatementRepository {

  private final JdbcClient jdbc;

  StatementRepository(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  void insert(String id, String roundId, String processInstanceId, String title, Instant now) {
    jdbc.sql("""
            insert into statement (id, round_id, process_instance_id, title, status, created_at)
            values (:id, :roundId, :pi, :title, 'DRAFTING', :now)
            """)
        .param("id", id).param("roundId", roundId).param("pi", processInstanceId).param("title", title)
        .param("now", utc(now))
        .update();
  }

  Optional<Statement> find(String id) {
    return jdbc.sql("select * from statement where id = :id").param("id", id).query(Statement.class).optional();
  }

  /** The statement a joint-statement process instance opened: the process owns this key, no task can change it. */
  Optional<String> idOfProcess(String processInstanceId) {
    return jdbc.sql("select id from statement where process_instance_id = :pi").param("pi", processInstanceId)
        .query(String.class).optional();
  }

  Optional<Statement> findByRound(String roundId) {
    return jdbc.sql("select * from statement where round_id = :id").param("id", roundId).query(Statement.class).optional();
  }

  void updateTexts(String id, String textEn, String textZh, String digest) {
    jdbc.sql("update statement set text_en = :en, text_zh = :zh, digest = :digest where id = :id")
        .param("en", textEn).param("zh", textZh).param("digest", digest).param("id", id)
        .update();
  }

  void updateStatus(String id, StatementStatus status) {
    jdbc.sql("update statement set status = :status where id = :id").param("status", status.name()).param("id", id).update();
  }

  void updateReleaseAt(String id, Instant releaseAt) {
    jdbc.sql("update statement set release_at = :at where id = :id").param("at", utc(releaseAt)).param("id", id).update();
  }

  /**
   * Marks the statement released, once, and only with the texts whose digest was checked: a second
   * call (a timer fired twice, a second node) or texts changed since the check change nothing.
   */
  boolean markReleased(String id, Instant now, String digest) {
    return jdbc.sql("""
            update statement set status = 'RELEASED', released_at = :now
            where id = :id and released_at is null and status = 'SCHEDULED' and digest = :digest
            """)
        .param("now", utc(now)).param("id", id).param("digest", digest)
        .update() == 1;
  }

  /** The latest review of one text (column review_en or review_zh); a new draft of the text clears it. */
  void updateReview(String id, StatementService.Language language, String decision) {
    jdbc.sql("update statement set " + reviewColumn(language) + " = :decision where id = :id")
        .param("decision", decision).param("id", id).update();
  }

  Optional<String> review(String id, StatementService.Language language) {
    return jdbc.sql("select " + reviewColumn(language) + " from statement where id = :id").param("id", id)
        .query(String.class).optional();
  }

  private static String reviewColumn(StatementService.Language language) {
    return language == StatementService.Language.EN ? "review_en" : "review_zh";
  }

  void insertReleaseChange(String id, Instant proposedReleaseAt, boolean cancel, String proposedBy, String reviewers, Instant now) {
    jdbc.sql("""
            insert into statement_release_change (statement_id, proposed_release_at, cancel, proposed_by, reviewers, proposed_at)
            values (:id, :at, :cancel, :by, :reviewers, :now)
            """)
        .param("id", id).param("at", proposedReleaseAt == null ? null : utc(proposedReleaseAt)).param("cancel", cancel)
        .param("by", proposedBy).param("reviewers", reviewers).param("now", utc(now))
        .update();
  }

  /** The latest proposal to move or cancel the release: the one its open task (if any) decides. */
  Optional<ReleaseChange> latestReleaseChange(String id) {
    return jdbc.sql("""
            select id, proposed_release_at, cancel, proposed_by, reviewers, proposed_at, decision, decided_by, decided_at
            from statement_release_change where statement_id = :id order by id desc limit 1
            """)
        .param("id", id).query(ReleaseChange.class).optional();
  }

  /** Records the decision on a pending proposal; a proposal is decided once. */
  boolean decideReleaseChange(long changeId, String decision, String actor, Instant now) {
    return jdbc.sql("""
            update statement_release_change set decision = :decision, decided_by = :actor, decided_at = :now
            where id = :changeId and decision is null
            """)
        .param("decision", decision).param("actor", actor).param("now", utc(now)).param("changeId", changeId)
        .update() == 1;
  }

  void addSignOff(String id, String side, String decision, String digest, Instant releaseAt, String actor, Instant now, String comment) {
    jdbc.sql("""
            insert into statement_signoff (statement_id, side, decision, digest, release_at, signed_by, signed_at, comment)
            values (:id, :side, :decision, :digest, :releaseAt, :actor, :now, :comment)
            """)
        .param("id", id).param("side", side).param("decision", decision).param("digest", digest)
        .param("releaseAt", releaseAt == null ? null : utc(releaseAt)).param("actor", actor).param("now", utc(now))
        .param("comment", comment)
        .update();
  }

  /** Voids every sign-off that no longer matches the texts and instant it was given for. */
  int voidStaleSignOffs(String id, String digest, Instant releaseAt) {
    return jdbc.sql("""
            update statement_signoff set void = true
            where statement_id = :id and not void
              and (digest is null or digest <> :digest or release_at is null or release_at <> :releaseAt)
            """)
        .param("id", id).param("digest", digest == null ? "" : digest)
        .param("releaseAt", releaseAt == null ? OffsetDateTime.parse("1970-01-01T00:00:00Z") : utc(releaseAt))
        .update();
  }

  void voidAllSignOffs(String id) {
    jdbc.sql("update statement_signoff set void = true where statement_id = :id and not void").param("id", id).update();
  }

  List<SignOff> signOffs(String id) {
    return jdbc.sql("""
            select side, decision, digest, release_at, signed_by, signed_at, void as is_void
            from statement_signoff where statement_id = :id order by id
            """)
        .param("id", id)
        .query(SignOff.class)
        .list();
  }

  long countReleased() {
    return jdbc.sql("select count(*) from statement where status = 'RELEASED'").query(Long.class).single();
  }

  /** Released joint statements and published readouts, newest first. */
  List<PublicStatement> released(Instant now, int offset, int limit) {
    return jdbc.sql(PUBLIC_UNION + " order by released_at desc, id limit :limit offset :offset")
        .param("now", utc(now)).param("limit", limit).param("offset", offset)
        .query(PublicStatement.class)
        .list();
  }

  long countPublic(Instant now) {
    return jdbc.sql("select count(*) from (" + PUBLIC_UNION + ") p").param("now", utc(now)).query(Long.class).single();
  }

  Optional<PublicStatement> releasedOne(String id, Instant now) {
    return jdbc.sql("select * from (" + PUBLIC_UNION + ") p where id = :id")
        .param("now", utc(now)).param("id", id)
        .query(PublicStatement.class)
        .optional();
  }

  /**
   * What the public may see: joint statements once released, and each side's readout once its
   * publication instant has passed. Nothing else is ever selected here.
   */
  private static final String PUBLIC_UNION = """
      select s.id, 'JOINT_STATEMENT' as kind, s.round_id, s.title, s.text_en, s.text_zh, cast(null as varchar(20000)) as text,
             cast(null as varchar(2)) as side, s.digest, s.release_at, s.released_at
      from statement s where s.status = 'RELEASED' and s.released_at <= :now
      union all
      select r.round_id || '-READOUT-' || r.side, 'READOUT', r.round_id, c.title, cast(null as varchar(20000)), cast(null as varchar(20000)), r.text,
             r.side, cast(null as varchar(64)), r.published_at, r.published_at
      from round_readout r join consultation_round c on c.id = r.round_id where r.published_at <= :now
      """;

  private static OffsetDateTime utc(Instant instant) {
    return instant.atOffset(ZoneOffset.UTC);
  }
}
