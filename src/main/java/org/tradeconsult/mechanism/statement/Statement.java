package org.tradeconsult.mechanism.statement;

import java.time.OffsetDateTime;

/** One row of {@code statement}. Its texts are embargoed until {@code status} is RELEASED. */
public record Statement(
    String id,
    String roundId,
    String processInstanceId,
    String title,
    String textEn,
    String textZh,
    String digest,
    OffsetDateTime releaseAt,
    StatementStatus status,
    OffsetDateTime releasedAt,
    OffsetDateTime createdAt) {}
