package org.tradeconsult.mechanism.dashboard;

import io.swagger.v3.oas.annotations.media.Schema;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;

/**
 * {@code GET /api/v1/dashboard}: the status board in one answer. Read from our status tables
 * (and, for the next deadline of the rounds shown, the engine's pending timers); never a
 * statement's text.
 */
@Schema(name = "Dashboard")
record Dashboard(
    @Schema(description = "When this board was read (UTC)") Instant generatedAt,
    @Schema(description = "Every round by status, all statuses listed (0 included)") Map<String, Long> roundsByStatus,
    @Schema(description = "Rounds that have not ended, by level") Map<String, Long> activeRoundsByLevel,
    @Schema(description = "How many rounds have not ended") long activeRoundsTotal,
    @Schema(description = "Rounds that have not ended, the longest in their status first (at most " + DashboardService.MAX_ACTIVE + ")")
        List<ActiveRound> activeRounds,
    @Schema(description = "The rounds that ended last, with their outcome") List<EndedRound> recentlyEnded,
    @Schema(description = "Open tasks of rounds per side and role, with the one waiting longest") List<Waiting> waiting,
    @Schema(description = "Joint statements with an agreed release instant still to come: round and instant only")
        List<UpcomingRelease> upcomingReleases,
    Commitments commitments) {

  record ActiveRound(
      String id,
      String title,
      String level,
      String type,
      String conveningSide,
      @Schema(nullable = true) String host,
      @Schema(nullable = true) String venue,
      @Schema(nullable = true) LocalDate startDate,
      @Schema(nullable = true) LocalDate endDate,
      String status,
      OffsetDateTime statusSince,
      @Schema(description = "Whole days the round has been in this status") long daysInStatus,
      @Schema(description = "The sides whose people the round waits for now") List<String> awaitedSides,
      @Schema(description = "The tasks it waits for") List<String> awaitedTasks,
      @Schema(nullable = true, description = "The next deadline: a pending timer of the round or of its statement and "
          + "commitments, or the first day of the round") Deadline nextDeadline,
      Links links) {}

  record Deadline(Instant at, String what) {}

  record EndedRound(
      String id, String title, String level, String type, String status,
      @Schema(nullable = true, description = "JOINT_STATEMENT, SEPARATE_READOUTS or NO_AGREEMENT") String outcomeForm,
      OffsetDateTime endedAt, Links links) {}

  record Waiting(
      String side,
      @Schema(nullable = true) String role,
      long openTasks,
      OffsetDateTime oldestSince,
      long oldestWaitDays,
      String oldestRoundId,
      String oldestRoundTitle,
      @Schema(nullable = true) String oldestTask) {}

  record UpcomingRelease(
      String statementId, String roundId, String roundTitle, Instant releaseAt,
      @Schema(description = "SCHEDULED once both co-leads signed; SIGNING while a sign-off is awaited") String status) {}

  record Commitments(
      @Schema(description = "Every commitment by status, all statuses listed") Map<String, Long> byStatus,
      @Schema(description = "Not yet confirmed, due within " + DashboardService.DUE_SOON_DAYS + " days") List<CommitmentItem> dueSoon,
      List<CommitmentItem> overdue,
      @Schema(description = "Periods (e.g. tariff suspensions) that are running, the soonest to end first; the timeline")
          List<CommitmentItem> periods) {}

  record CommitmentItem(
      String id, String roundId, String ownerSide, String action, LocalDate dueDate,
      @Schema(nullable = true) LocalDate periodStart, @Schema(nullable = true) LocalDate periodEnd, String status) {}

  record Links(String self, String tasklist, String cockpit) {}
}
