package org.tradeconsult.mechanism.commitment;

import java.time.LocalDate;
import java.time.OffsetDateTime;

/** One agreed commitment as its follow-up sees it (a row of {@code commitment} past PROPOSED). */
public record TrackedCommitment(
    String id,
    String roundId,
    int sessionNo,
    OwnerSide ownerSide,
    String action,
    LocalDate dueDate,
    LocalDate periodStart,
    LocalDate periodEnd,
    CommitmentStatus status,
    OffsetDateTime statusSince,
    String implementation,
    String instrument,
    OffsetDateTime effectiveAt,
    String confirmedBy,
    OffsetDateTime confirmedAt,
    String adHocRoundId,
    String processInstanceId,
    OffsetDateTime createdAt,
    OffsetDateTime endedAt) {

  public boolean hasPeriod() {
    return periodStart != null && periodEnd != null;
  }
}
