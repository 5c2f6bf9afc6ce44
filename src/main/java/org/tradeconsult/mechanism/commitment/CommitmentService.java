package org.tradeconsult.mechanism.commitment;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.camunda.bpm.engine.AuthorizationException;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;
import org.tradeconsult.mechanism.audit.AuditLog;
import org.tradeconsult.mechanism.identity.CurrentUserService;
import org.tradeconsult.mechanism.identity.Side;
import org.tradeconsult.mechanism.round.RoundProcess;
import org.tradeconsult.mechanism.round.RoundVariables;
import org.tradeconsult.mechanism.validation.InvalidInputException;

/**
 * What happens to an agreed commitment, kept in our tables in the same transaction as the
 * engine's step that causes it. Delegates, listeners and the API call it.
 */
@Service
public class CommitmentService {

  static final String AUDIT_SUBJECT = "commitment";

  private static final Logger log = LoggerFactory.getLogger(CommitmentService.class);
  private static final int MAX_REASON = 4000;

  private final CommitmentRepository repository;
  private final CommitmentProperties properties;
  private final CurrentUserService users;
  private final AuditLog auditLog;
  private final RuntimeService runtimeService;
  private final Clock clock;

  CommitmentService(
      CommitmentRepository repository,
      CommitmentProperties properties,
      CurrentUserService users,
      AuditLog auditLog,
      RuntimeService runtimeService,
      Clock clock) {
    this.repository = repository;
    this.properties = properties;
    this.users = users;
    this.auditLog = auditLog;
    this.runtimeService = runtimeService;
    this.clock = clock;
  }

  /**
   * Starts following up an agreed commitment: ties it to its process, opens its status history
   * and its first period, and says when the process's timers fire. Only the service starts it (the
   * round's asynchronous call activity), never a person.
   */
  CommitmentSchedule startFollowUp(String commitmentId, String processInstanceId) {
    String actor = users.currentActor();
    if (!users.isService()) {
      // Secretariats may start processes; this one only the round starts, once both co-leads agreed.
      throw new AuthorizationException("User '" + actor + "' may not start the follow-up of a commitment: its round starts it");
    }
    Instant now = now();
    if (!repository.attach(commitmentId, processInstanceId, now)) {
      throw new IllegalStateException("commitment " + commitmentId + " is not an agreed commitment waiting for its follow-up");
    }
    TrackedCommitment commitment = repository.find(commitmentId).orElseThrow();
    repository.addStatusChange(commitmentId, CommitmentStatus.PENDING, now, actor);
    if (commitment.hasPeriod()) {
      repository.addPeriod(commitmentId, 1, commitment.periodStart(), commitment.periodEnd(), actor, now);
    }
    CommitmentSchedule schedule = CommitmentSchedule.of(commitment, properties);
    auditLog.record(actor, "COMMITMENT_FOLLOWED_UP", AUDIT_SUBJECT, commitmentId,
        commitment.ownerSide() + " by " + commitment.dueDate() + ", reminder at " + schedule.reminderAt());
    log.info("MECH-CMT-001 commitment {} of round {} followed up: {} due {}, reminder at {}",
        commitmentId, commitment.roundId(), commitment.ownerSide(), commitment.dueDate(), schedule.reminderAt());
    return schedule;
  }

  /** Moves the commitment to a status; staying in the same status records nothing. */
  public void enterStatus(String commitmentId, CommitmentStatus status) {
    TrackedCommitment commitment = require(commitmentId);
    if (commitment.status() != status) {
      repository.updateStatus(commitmentId, status, now(), users.currentActor());
    }
  }

  /**
   * The follow-up process has ended. Its end events put the commitment in a final status; a
   * process that ends without one was cancelled with its round, and nothing follows it up anymore.
   */
  void followUpEnded(String commitmentId) {
    TrackedCommitment commitment = require(commitmentId);
    if (!commitment.status().isTerminal()) {
      String actor = users.currentActor();
      repository.updateStatus(commitmentId, CommitmentStatus.CLOSED, now(), actor);
      auditLog.record(actor, "COMMITMENT_FOLLOW_UP_CANCELLED", AUDIT_SUBJECT, commitmentId,
          "ended while " + commitment.status() + " (round " + commitment.roundId() + " ended)");
    }
  }

  void recordImplementation(String commitmentId, String implementation, String instrument, Instant effectiveAt) {
    String actor = users.currentActor();
    repository.recordImplementation(commitmentId, implementation, instrument, effectiveAt, actor, now());
    auditLog.record(actor, "IMPLEMENTATION_CONFIRMED", AUDIT_SUBJECT, commitmentId, instrument + ", effective " + effectiveAt);
  }

  void recordOverdueDecision(String commitmentId, String decision, Side side, String comment) {
    auditLog.record(users.currentActor(), "OVERDUE_" + decision, AUDIT_SUBJECT, commitmentId,
        (side == null ? "" : side + " co-leads") + (comment == null ? "" : ": " + comment));
  }

  /**
   * Requests an ad-hoc round about an overdue commitment for the side whose co-lead decided so.
   * The service starts it itself (as the system): co-leads may not start processes, and the
   * request names the requesting side explicitly.
   *
   * @return the id of the requested round
   */
  String requestAdHocRound(String commitmentId, Side requestingSide, String requestedBy) {
    TrackedCommitment commitment = require(commitmentId);
    String reason = truncate("Commitment " + commitmentId + " (" + commitment.ownerSide() + ", due " + commitment.dueDate()
        + ", round " + commitment.roundId() + ") is overdue: " + commitment.action(), MAX_REASON);
    ProcessInstance round = users.asService(() -> runtimeService
        .createMessageCorrelation(RoundProcess.MSG_AD_HOC_ROUND_REQUESTED)
        .setVariables(Map.of(
            RoundVariables.REQUESTING_SIDE, requestingSide.name(),
            RoundVariables.REASON, reason,
            RoundVariables.TITLE, "Overdue commitment " + commitmentId + " / 逾期承诺"))
        .correlateStartMessage());
    String roundId = round.getBusinessKey();
    repository.recordAdHocRound(commitmentId, roundId);
    auditLog.record(requestedBy, "AD_HOC_ROUND_REQUESTED", AUDIT_SUBJECT, commitmentId,
        "round " + roundId + " requested for " + requestingSide);
    log.info("MECH-CMT-002 overdue commitment {}: ad-hoc round {} requested by {} for {}", commitmentId, roundId, requestedBy, requestingSide);
    return roundId;
  }

  /** Refuses a new end date that does not extend the latest period. */
  void checkExtension(String commitmentId, LocalDate newEnd) {
    LocalDate currentEnd = latestPeriod(commitmentId).endDate();
    if (!newEnd.isAfter(currentEnd)) {
      throw new InvalidInputException(CommitmentVariables.NEW_PERIOD_END, "must be after the current end of the period (" + currentEnd + ")");
    }
    if (newEnd.isBefore(today())) {
      throw new InvalidInputException(CommitmentVariables.NEW_PERIOD_END, "must not be in the past (today is " + today() + ")");
    }
  }

  /** Records a new period from the day after the latest one ends, and says when it is reviewed and ends. */
  CommitmentSchedule.PeriodSchedule extendPeriod(String commitmentId, LocalDate newEnd, String decidedBy) {
    checkExtension(commitmentId, newEnd);
    CommitmentPeriod latest = latestPeriod(commitmentId);
    repository.addPeriod(commitmentId, latest.seq() + 1, latest.endDate().plusDays(1), newEnd, decidedBy, now());
    auditLog.record(decidedBy, "PERIOD_EXTENDED", AUDIT_SUBJECT, commitmentId,
        "period " + (latest.seq() + 1) + ": " + latest.endDate().plusDays(1) + ".." + newEnd);
    return CommitmentSchedule.PeriodSchedule.of(newEnd, properties.periodReviewLeadTime());
  }

  void recordLetLapse(String commitmentId, String comment) {
    auditLog.record(users.currentActor(), "PERIOD_LET_LAPSE", AUDIT_SUBJECT, commitmentId,
        "ends " + latestPeriod(commitmentId).endDate() + (comment == null ? "" : ": " + comment));
  }

  public Optional<CommitmentView> find(String commitmentId) {
    return repository.find(commitmentId).map(c -> CommitmentView.of(c, repository.periods(commitmentId)));
  }

  public List<CommitmentStatusChange> statusHistory(String commitmentId) {
    return repository.statusHistory(commitmentId);
  }

  public List<CommitmentPeriod> periods(String commitmentId) {
    return repository.periods(commitmentId);
  }

  CommitmentPage search(CommitmentQuery query) {
    List<TrackedCommitment> found = repository.search(query);
    Map<String, List<CommitmentPeriod>> periods = repository.periods(found.stream().map(TrackedCommitment::id).toList());
    List<CommitmentView> items = found.stream().map(c -> CommitmentView.of(c, periods.getOrDefault(c.id(), List.of()))).toList();
    return new CommitmentPage(items, query.page(), query.size(), repository.count(query));
  }

  /** Today in UTC, the calendar the mechanism's dates are checked against. */
  LocalDate today() {
    return LocalDate.ofInstant(now(), ZoneOffset.UTC);
  }

  Instant now() {
    return clock.instant();
  }

  private TrackedCommitment require(String commitmentId) {
    return repository.find(commitmentId).orElseThrow(() -> new IllegalStateException("no agreed commitment " + commitmentId));
  }

  private CommitmentPeriod latestPeriod(String commitmentId) {
    List<CommitmentPeriod> periods = repository.periods(commitmentId);
    if (periods.isEmpty()) {
      throw new IllegalStateException("commitment " + commitmentId + " has no period");
    }
    return periods.get(periods.size() - 1);
  }

  private static String truncate(String text, int max) {
    return text.length() <= max ? text : text.substring(0, max - 1) + "…";
  }
}
