package org.tradeconsult.mechanism.round;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.camunda.bpm.dmn.engine.DmnDecisionResultEntries;
import org.camunda.bpm.engine.DecisionService;
import org.camunda.bpm.engine.variable.Variables;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;
import org.tradeconsult.mechanism.audit.AuditLog;
import org.tradeconsult.mechanism.identity.CurrentUserService;
import org.tradeconsult.mechanism.identity.Side;

/**
 * What happens to a round, kept in our tables in the same transaction as the engine's step that
 * causes it. Delegates and task listeners call it; nothing here talks to the engine's runtime.
 */
@Service
public class RoundService {

  static final String AUDIT_SUBJECT = "round";
  static final String VENUE_DECISION = "venue-rotation";

  private static final Logger log = LoggerFactory.getLogger(RoundService.class);
  private static final String ID_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789";
  private static final DateTimeFormatter ID_DATE = DateTimeFormatter.BASIC_ISO_DATE;

  private final RoundRepository repository;
  private final DecisionService decisionService;
  private final CurrentUserService users;
  private final AuditLog auditLog;
  private final Clock clock;
  private final SecureRandom random = new SecureRandom();

  RoundService(
      RoundRepository repository,
      DecisionService decisionService,
      CurrentUserService users,
      AuditLog auditLog,
      Clock clock) {
    this.repository = repository;
    this.decisionService = decisionService;
    this.users = users;
    this.auditLog = auditLog;
    this.clock = clock;
  }

  /** A readable, unique round id such as {@code R-20260512-K7Q2XM}. */
  public String newRoundId() {
    StringBuilder id = new StringBuilder("R-").append(LocalDate.now(clock).format(ID_DATE)).append('-');
    for (int i = 0; i < 6; i++) {
      id.append(ID_ALPHABET.charAt(random.nextInt(ID_ALPHABET.length())));
    }
    return id.toString();
  }

  public void register(String roundId, String processInstanceId, NewRound round, RoundStatus initialStatus) {
    String actor = users.currentActor();
    repository.insert(roundId, processInstanceId, round, initialStatus, now(), actor);
    auditLog.record(actor, round.type() == RoundType.AD_HOC ? "ROUND_REQUESTED" : "ROUND_CONVENED", AUDIT_SUBJECT, roundId,
        round.level() + " " + round.conveningSide() + ": " + round.title());
    log.info("MECH-RND-001 round {} registered: {} {} by {} for {}", roundId, round.level(), round.type(), actor, round.conveningSide());
  }

  /** Moves the round to a status; staying in the same status records nothing. */
  public void enterStatus(String roundId, RoundStatus status) {
    enterStatus(roundId, status, users.currentActor());
  }

  void enterStatus(String roundId, RoundStatus status, String actor) {
    RoundStatus current = repository.status(roundId).orElseThrow(() -> new IllegalStateException("no round " + roundId));
    if (current != status) {
      repository.updateStatus(roundId, status, now(), actor);
    }
  }

  public Optional<Round> find(String roundId) {
    return repository.find(roundId);
  }

  public List<StatusChange> statusHistory(String roundId) {
    return repository.statusHistory(roundId);
  }

  public List<String> openTaskActivities(String roundId) {
    return repository.openTaskActivities(roundId);
  }

  public List<Commitment> commitments(String roundId) {
    return repository.commitments(roundId);
  }

  void taskOpened(String roundId, String taskId, String activityId, String name, java.util.Set<Side> sides, String role) {
    String offeredTo = sides.isEmpty() ? null : String.join(",", sides.stream().map(Side::name).sorted().toList());
    repository.addOpenTask(taskId, roundId, activityId, name, offeredTo, role, now());
  }

  void taskClosed(String roundId, String taskId) {
    repository.removeOpenTask(taskId, roundId);
  }

  /** The host the venue rotation proposes, with its reason. */
  public HostProposal proposeHost(String roundId, Host requestedHost) {
    String lastHomeHost = repository.lastHomeHostOfPrincipalRounds(roundId).orElse(null);
    DmnDecisionResultEntries result =
        decisionService
            .evaluateDecisionByKey(VENUE_DECISION)
            .variables(
                Variables.createVariables()
                    .putValue("requestedHost", requestedHost == null ? null : requestedHost.name())
                    .putValue("lastHomeHost", lastHomeHost))
            .evaluate()
            .getSingleResult();
    return new HostProposal(Host.valueOf(result.getEntry("proposedHost")), result.getEntry("hostRationale"));
  }

  /** The host, venue and dates that the convening side proposed and the counterpart agreed to. */
  void recordAgreedArrangements(String roundId, Host host, String venue, LocalDate startDate, LocalDate endDate) {
    repository.updateArrangements(roundId, host, venue, startDate, endDate);
    auditLog.record(users.currentActor(), "ARRANGEMENTS_AGREED", AUDIT_SUBJECT, roundId,
        host + " / " + venue + " / " + startDate + ".." + endDate);
  }

  void recordSession(String roundId, SessionRecord session) {
    String actor = users.currentActor();
    int sessionNo = repository.recordSession(roundId, session.itemOutcomes(), session.outcomeForm(), session.commitmentsText(), now(), actor);
    List<Commitment> commitments =
        session.commitments().stream()
            .map(c -> new Commitment(
                roundId + "-S" + sessionNo + "-C" + (session.commitments().indexOf(c) + 1),
                roundId, sessionNo, c.ownerSide(), c.action(), c.dueDate(), c.periodStart(), c.periodEnd(), "PROPOSED"))
            .toList();
    repository.replaceProposedCommitments(roundId, commitments, now());
    auditLog.record(actor, "SESSION_RECORDED", AUDIT_SUBJECT, roundId,
        "session " + sessionNo + ": " + session.outcomeForm() + ", " + commitments.size() + " commitment(s)");
  }

  void recordApproval(String roundId, Side side, boolean approved, String reason) {
    auditLog.record(users.currentActor(), approved ? "OUTCOME_APPROVED" : "OUTCOME_REJECTED", AUDIT_SUBJECT, roundId,
        side + (reason == null ? "" : ": " + reason));
  }

  /** After both co-leads answered: approved by both, or one more rejection. */
  public ApprovalTally tallyApprovals(String roundId, boolean approvedByUs, boolean approvedByCn, int maxRejections) {
    if (approvedByUs && approvedByCn) {
      List<String> commitmentIds = repository.agreeProposedCommitments(roundId);
      auditLog.record(AuditLog.SYSTEM, "OUTCOME_AGREED", AUDIT_SUBJECT, roundId, commitmentIds.size() + " commitment(s)");
      return new ApprovalTally(true, false, commitmentIds);
    }
    int rejections = repository.incrementRejections(roundId);
    return new ApprovalTally(false, rejections >= maxRejections, List.of());
  }

  void recordDecision(String roundId, String action, String details) {
    auditLog.record(users.currentActor(), action, AUDIT_SUBJECT, roundId, details);
  }

  void recordReadout(String roundId, Side side, String text, Instant publishedAt) {
    String actor = users.currentActor();
    repository.upsertReadout(roundId, side.name(), text, publishedAt, actor);
    auditLog.record(actor, "READOUT_PUBLISHED", AUDIT_SUBJECT, roundId, side + " at " + publishedAt);
  }

  public int readoutCount(String roundId) {
    return repository.readoutCount(roundId);
  }

  public void recordCancellation(String roundId, String reason, String cancelledBy) {
    auditLog.record(cancelledBy, "ROUND_CANCELLED", AUDIT_SUBJECT, roundId, reason);
  }

  public void recordReminder(String roundId, String what) {
    auditLog.record(AuditLog.SYSTEM, "REMINDER_SENT", AUDIT_SUBJECT, roundId, what);
    log.info("MECH-RND-010 reminder for round {}: {}", roundId, what);
  }

  Map<RoundLevel, Optional<Instant>> latestRegularRounds() {
    Map<RoundLevel, Optional<Instant>> latest = new java.util.EnumMap<>(RoundLevel.class);
    for (RoundLevel level : RoundLevel.values()) {
      latest.put(level, repository.latestRegularRound(level).map(t -> t.toInstant()));
    }
    return latest;
  }

  Optional<Side> latestRegularConveningSide(RoundLevel level) {
    return repository.latestRegularConveningSide(level).map(Side::valueOf);
  }

  private Instant now() {
    return clock.instant();
  }

  /** Today in UTC, the calendar the mechanism's dates are checked against. */
  LocalDate today() {
    return LocalDate.ofInstant(now(), ZoneOffset.UTC);
  }

  /** The venue rotation's proposal. */
  public record HostProposal(Host host, String rationale) {}

  /** What the tally of the co-leads' answers decided. */
  public record ApprovalTally(boolean approved, boolean rejectionLimitReached, List<String> commitmentIds) {}
}
