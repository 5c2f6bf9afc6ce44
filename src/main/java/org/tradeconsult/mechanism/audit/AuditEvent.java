package org.tradeconsult.mechanism.audit;

import java.time.OffsetDateTime;

/** One row of the audit trail. */
public record AuditEvent(
    long id,
    OffsetDateTime occurredAt,
    String actor,
    String action,
    String subjectType,
    String subjectId,
    String details) {}
