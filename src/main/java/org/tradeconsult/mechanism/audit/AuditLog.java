package org.tradeconsult.mechanism.audit;

import java.time.Clock;
import java.time.OffsetDateTime;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The service's own append-only record of who did what and when (table {@code audit_event}).
 * It joins the caller's transaction, so an event is kept exactly when the change it describes
 * is kept.
 */
@Service
public class AuditLog {

  /** Who acts when no person does: start-up provisioning, timers. */
  public static final String SYSTEM = "system";

  private static final int MAX_DETAILS = 2000;

  private final JdbcClient jdbc;
  private final Clock clock;

  private final TransactionTemplate independent;

  AuditLog(JdbcClient jdbc, Clock clock, PlatformTransactionManager transactionManager) {
    this.jdbc = jdbc;
    this.clock = clock;
    this.independent = new TransactionTemplate(transactionManager);
    this.independent.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
  }

  /**
   * Records an event in a transaction of its own, so that it is kept even when the caller's
   * transaction is rolled back: for refused attempts, which end in exactly such a rollback.
   */
  public void recordIndependently(String actor, String action, String subjectType, String subjectId, String details) {
    independent.executeWithoutResult(status -> record(actor, action, subjectType, subjectId, details));
  }

  public void record(String actor, String action, String subjectType, String subjectId, String details) {
    jdbc.sql(
            """
            insert into audit_event (occurred_at, actor, action, subject_type, subject_id, details)
            values (:occurredAt, :actor, :action, :subjectType, :subjectId, :details)
            """)
        .param("occurredAt", OffsetDateTime.now(clock))
        .param("actor", truncate(actor, 64))
        .param("action", action)
        .param("subjectType", subjectType)
        .param("subjectId", truncate(subjectId, 128))
        .param("details", truncate(details, MAX_DETAILS))
        .update();
  }

  /** The most recent events about one subject, newest first. */
  public List<AuditEvent> eventsFor(String subjectType, String subjectId) {
    return jdbc.sql(
            """
            select id, occurred_at, actor, action, subject_type, subject_id, details
            from audit_event where subject_type = :subjectType and subject_id = :subjectId
            order by id desc
            """)
        .param("subjectType", subjectType)
        .param("subjectId", subjectId)
        .query(AuditEvent.class)
        .list();
  }

  /**
   * Events about any of these subjects (subject type → ids), oldest first, one page of them. The
   * history of a whole round: the round, its statement, its commitments.
   */
  public List<AuditEvent> eventsAbout(Map<String, List<String>> subjects, long offset, int limit) {
    Map<String, Object> params = new HashMap<>();
    String where = about(subjects, params);
    params.put("offset", offset);
    params.put("limit", limit);
    return jdbc.sql("select id, occurred_at, actor, action, subject_type, subject_id, details from audit_event where " + where
            + " order by occurred_at, id offset :offset rows fetch next :limit rows only")
        .params(params)
        .query(AuditEvent.class)
        .list();
  }

  /** How many events {@link #eventsAbout} has in all. */
  public long countAbout(Map<String, List<String>> subjects) {
    Map<String, Object> params = new HashMap<>();
    return jdbc.sql("select count(*) from audit_event where " + about(subjects, params)).params(params).query(Long.class).single();
  }

  /** The condition for the subjects, with its values bound as parameters (no value becomes SQL text). */
  private static String about(Map<String, List<String>> subjects, Map<String, Object> params) {
    StringBuilder where = new StringBuilder("(1 = 0");
    int i = 0;
    for (Map.Entry<String, List<String>> subject : subjects.entrySet()) {
      if (subject.getValue().isEmpty()) {
        continue;
      }
      where.append(" or (subject_type = :type").append(i).append(" and subject_id in (:ids").append(i).append("))");
      params.put("type" + i, subject.getKey());
      params.put("ids" + i, subject.getValue());
      i++;
    }
    return where.append(')').toString();
  }

  private static String truncate(String value, int max) {
    return value == null || value.length() <= max ? value : value.substring(0, max);
  }
}
