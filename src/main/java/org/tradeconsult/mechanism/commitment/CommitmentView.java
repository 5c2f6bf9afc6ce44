package org.tradeconsult.mechanism.commitment;

import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.List;

/**
 * A commitment as the API shows it: what was agreed, where it stands, its confirmed
 * implementation and every period it has run for.
 *
 * @param periodEnd the end of the latest period (extensions move it; {@code periods} keeps them all)
 * @param implementation null until the owner side's secretariat confirms it
 * @param adHocRoundId the round the co-leads requested about it while it was overdue, if any
 */
public record CommitmentView(
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
    Implementation implementation,
    String adHocRoundId,
    OffsetDateTime endedAt,
    List<CommitmentPeriod> periods) {

  /** What the owner side confirmed: what was done, by which instrument, effective when. */
  public record Implementation(
      String description, String instrument, OffsetDateTime effectiveAt, String confirmedBy, OffsetDateTime confirmedAt) {}

  static CommitmentView of(TrackedCommitment c, List<CommitmentPeriod> periods) {
    Implementation implementation =
        c.confirmedAt() == null
            ? null
            : new Implementation(c.implementation(), c.instrument(), c.effectiveAt(), c.confirmedBy(), c.confirmedAt());
    return new CommitmentView(
        c.id(), c.roundId(), c.sessionNo(), c.ownerSide(), c.action(), c.dueDate(), c.periodStart(), c.periodEnd(),
        c.status(), c.statusSince(), implementation, c.adHocRoundId(), c.endedAt(), List.copyOf(periods));
  }
}
