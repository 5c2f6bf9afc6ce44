package org.tradeconsult.mechanism.round;

import java.time.LocalDate;
import java.time.OffsetDateTime;

/** One row of {@code consultation_round}: what dashboards and the API show of a round. */
public record Round(
    String id,
    String processInstanceId,
    RoundLevel level,
    RoundType roundType,
    String title,
    String conveningSide,
    String reason,
    boolean urgent,
    boolean leadersEndorsement,
    String requestedHost,
    String host,
    String venue,
    LocalDate startDate,
    LocalDate endDate,
    RoundStatus status,
    String awaitedSides,
    OffsetDateTime statusSince,
    String outcomeForm,
    int rejectionCount,
    int sessionCount,
    OffsetDateTime createdAt,
    String createdBy,
    OffsetDateTime endedAt) {}
