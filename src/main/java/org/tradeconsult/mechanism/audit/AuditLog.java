package org.tradeconsult.mechanism.audit;

import java.time.Clock;
import java.time.OffsetDateTime;
import java.util.List;
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

  private static String truncate(String value, int max) {
    return value == null || value.length() <= max ? value : value.substring(0, max);
  }
}
