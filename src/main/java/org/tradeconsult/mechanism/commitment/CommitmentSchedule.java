package org.tradeconsult.mechanism.commitment;

import java.time.Instant;
import java.time.LocalDate;
import java.time.Period;
import java.time.ZoneOffset;

/**
 * The instants the follow-up of a commitment waits for, all in UTC: the calendar the mechanism's
 * dates are kept in. A date is due until the end of its day.
 *
 * @param reminderAt 00:00 of the due date minus the reminder lead time
 * @param dueAt the end of the due day
 * @param period the period's timers, null for a commitment without a period
 */
record CommitmentSchedule(TrackedCommitment commitment, Instant reminderAt, Instant dueAt, PeriodSchedule period) {

  static CommitmentSchedule of(TrackedCommitment commitment, CommitmentProperties properties) {
    LocalDate due = commitment.dueDate();
    return new CommitmentSchedule(
        commitment,
        startOf(due.minus(properties.reminderLeadTime())),
        startOf(due.plusDays(1)),
        commitment.hasPeriod() ? PeriodSchedule.of(commitment.periodEnd(), properties.periodReviewLeadTime()) : null);
  }

  /**
   * When a period is reviewed and when it ends.
   *
   * @param end the period's last day
   * @param reviewAt 00:00 of the last day minus the review lead time
   * @param endsAt the end of the last day
   */
  record PeriodSchedule(LocalDate end, Instant reviewAt, Instant endsAt) {

    static PeriodSchedule of(LocalDate end, Period reviewLeadTime) {
      return new PeriodSchedule(end, startOf(end.minus(reviewLeadTime)), startOf(end.plusDays(1)));
    }
  }

  private static Instant startOf(LocalDate day) {
    return day.atStartOfDay(ZoneOffset.UTC).toInstant();
  }
}
