package org.tradeconsult.mechanism.statement;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;
import org.tradeconsult.mechanism.audit.AuditLog;
import org.tradeconsult.mechanism.identity.CurrentUserService;
import org.tradeconsult.mechanism.identity.Side;
import org.tradeconsult.mechanism.validation.InvalidInputException;

/**
 * The life of a joint statement, kept in our tables in the same transaction as the engine's
 * step: the two texts and their digest, the sign-offs that bind them, the release instant, and
 * the one release. Bean name {@code statements}: the model's expressions call it.
 */
@Service("statements")
public class StatementService {

  static final ZoneId WASHINGTON = ZoneId.of("America/New_York");
  static final ZoneId BEIJING = ZoneId.of("Asia/Shanghai");
  private static final DateTimeFormatter LOCAL = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm zzz");
  private static final String AUDIT_SUBJECT = "statement";
  private static final Logger log = LoggerFactory.getLogger(StatementService.class);

  private final StatementRepository repository;
  private final CurrentUserService users;
  private final AuditLog auditLog;
  private final Clock clock;

  StatementService(StatementRepository repository, CurrentUserService users, AuditLog auditLog, Clock clock) {
    this.repository = repository;
    this.users = users;
    this.auditLog = auditLog;
    this.clock = clock;
  }

  /** Opens the statement of a round; its id is the round id with {@code -JS}. */
  public String open(String roundId, String processInstanceId, String title) {
    String id = roundId + "-JS";
    repository.insert(id, roundId, processInstanceId, title, clock.instant());
    auditLog.record(users.currentActor(), "STATEMENT_OPENED", AUDIT_SUBJECT, id, roundId);
    return id;
  }

  public Optional<Statement> find(String id) {
    return repository.find(id);
  }

  /**
   * The statement of a joint-statement process instance, from the statement table (the instance
   * id was recorded when {@link #open} created it). Never from a process variable: any task
   * completer can write those.
   */
  public String idOfProcess(String processInstanceId) {
    return repository.idOfProcess(processInstanceId)
        .orElseThrow(() -> new IllegalStateException("no statement opened by process instance " + processInstanceId));
  }

  public Optional<Statement> findByRound(String roundId) {
    return repository.findByRound(roundId);
  }

  public List<SignOff> signOffs(String id) {
    return repository.signOffs(id);
  }

  /** Called from the model: {@code ${statements.enterStatus(statementDecisions.statementId(execution), 'REVIEWING')}}. */
  public void enterStatus(String id, String status) {
    repository.updateStatus(id, StatementStatus.valueOf(status));
  }

  /** The English text, for the forms of the secretariats and co-leads (task-local variables). */
  public String english(String id) {
    return get(id).textEn();
  }

  /** The Chinese text, for the forms of the secretariats and co-leads (task-local variables). */
  public String chinese(String id) {
    return get(id).textZh();
  }

  public String releaseInWashington(String id) {
    Statement statement = get(id);
    return statement.releaseAt() == null ? null : statement.releaseAt().atZoneSameInstant(WASHINGTON).format(LOCAL);
  }

  public String releaseInBeijing(String id) {
    Statement statement = get(id);
    return statement.releaseAt() == null ? null : statement.releaseAt().atZoneSameInstant(BEIJING).format(LOCAL);
  }

  /** A new version of one text. Any sign-off given for other texts becomes void. */
  void saveText(String id, Language language, String text) {
    Statement current = get(id);
    String en = language == Language.EN ? text : current.textEn();
    String zh = language == Language.ZH ? text : current.textZh();
    String digest = en == null || zh == null ? null : StatementDigest.of(en, zh);
    repository.updateTexts(id, en, zh, digest);
    repository.updateReview(id, language, null);
    int voided = repository.voidStaleSignOffs(id, digest, current.releaseAt() == null ? null : current.releaseAt().toInstant());
    auditLog.record(users.currentActor(), "TEXT_" + language + "_SAVED", AUDIT_SUBJECT, id,
        "digest " + digest + (voided > 0 ? "; " + voided + " sign-off(s) void" : ""));
  }

  void recordReview(String id, Language reviewed, String decision, String comment) {
    repository.updateReview(id, reviewed, decision);
    auditLog.record(users.currentActor(), "TEXT_" + reviewed + "_" + decision, AUDIT_SUBJECT, id, comment);
  }

  /** The agreed release instant; it must lie ahead. Sign-offs for another instant become void. */
  void schedule(String id, Instant requested) {
    Instant releaseAt = timerPrecision(requested);
    if (!releaseAt.isAfter(clock.instant())) {
      throw new InvalidInputException("releaseAt", "must lie in the future");
    }
    repository.updateReleaseAt(id, releaseAt);
    repository.voidStaleSignOffs(id, get(id).digest(), releaseAt);
    auditLog.record(users.currentActor(), "RELEASE_SCHEDULED", AUDIT_SUBJECT, id, releaseAt.toString());
  }

  /** A co-lead's decision, bound to the texts and instant as they are at this moment. */
  void recordSignOff(String id, Side side, String decision, String comment) {
    Statement statement = get(id);
    String actor = users.currentActor();
    repository.addSignOff(id, side.name(), decision, statement.digest(),
        statement.releaseAt() == null ? null : statement.releaseAt().toInstant(), actor, clock.instant(), comment);
    auditLog.record(actor, "SIGN".equals(decision) ? "STATEMENT_SIGNED" : "STATEMENT_REVISION_REQUESTED", AUDIT_SUBJECT, id,
        side + " digest " + statement.digest() + " release " + statement.releaseAt());
  }

  /**
   * Whether both co-leads signed exactly the current texts and instant. If not, every sign-off
   * is void and both must be given again after the revision.
   */
  public boolean verifySignOffs(String id) {
    boolean valid = signedByBoth(id);
    if (!valid) {
      repository.voidAllSignOffs(id);
    }
    return valid;
  }

  /** Whether the latest review of both texts accepted them, as recorded by the reviewers' completions. */
  public boolean bothTextsAccepted(String id) {
    return "ACCEPT".equals(repository.review(id, Language.EN).orElse(null))
        && "ACCEPT".equals(repository.review(id, Language.ZH).orElse(null));
  }

  /**
   * Whether both co-leads' latest sign-offs are valid (not void), sign, and bind the texts and
   * instant as they stand. {@link #verifySignOffs} voids them all when not.
   */
  public boolean signedByBoth(String id) {
    Statement statement = get(id);
    Instant releaseAt = statement.releaseAt() == null ? null : statement.releaseAt().toInstant();
    if (statement.digest() == null || releaseAt == null) {
      return false;
    }
    for (Side side : Side.values()) {
      SignOff latest = latestValidSignOff(id, side);
      if (latest == null || !"SIGN".equals(latest.decision()) || !statement.digest().equals(latest.digest())
          || latest.releaseAt() == null || !latest.releaseAt().toInstant().equals(releaseAt)) {
        return false;
      }
    }
    return true;
  }

  private SignOff latestValidSignOff(String id, Side side) {
    return repository.signOffs(id).stream()
        .filter(s -> s.side().equals(side.name()) && !s.isVoid())
        .reduce((first, second) -> second)
        .orElse(null);
  }

  /** The recorded release instant (scheduled, signed, or moved by an agreed change); null before scheduling. */
  public Instant releaseAt(String id) {
    Statement statement = get(id);
    return statement.releaseAt() == null ? null : statement.releaseAt().toInstant();
  }

  /** Whether the service's clock has reached the recorded release instant. */
  public boolean releaseInstantReached(String id) {
    Instant releaseAt = releaseAt(id);
    return releaseAt != null && !clock.instant().isBefore(releaseAt);
  }

  /**
   * A release timer fired before the recorded instant (its job executed by hand, or its due date
   * moved): nothing is published, the attempt is audited with whoever acted, and the process
   * waits again for the recorded instant.
   */
  void refuseEarlyRelease(String id) {
    String actor = users.currentActor();
    Instant now = clock.instant();
    auditLog.record(actor, "RELEASE_REFUSED_EARLY", AUDIT_SUBJECT, id, "at " + now + ", release instant " + releaseAt(id));
    log.warn("MECH-STM-002 release of statement {} refused: {} is before the release instant {} (actor {})", id, now, releaseAt(id), actor);
  }

  /**
   * The release, guarded: only at or after the recorded instant, only when both co-leads' valid
   * sign-offs bind the digest of the texts as they stand now (recomputed here, not read), and only
   * once (a conditional update: a second attempt, e.g. on another node, publishes nothing).
   */
  public ReleaseOutcome release(String id) {
    Statement statement = get(id);
    if (statement.releasedAt() != null) {
      return ReleaseOutcome.ALREADY_RELEASED;
    }
    Instant now = clock.instant();
    if (statement.releaseAt() == null || now.isBefore(statement.releaseAt().toInstant())) {
      refuseEarlyRelease(id);
      return ReleaseOutcome.TOO_EARLY;
    }
    String digest = statement.textEn() == null || statement.textZh() == null
        ? null : StatementDigest.of(statement.textEn(), statement.textZh());
    for (Side side : Side.values()) {
      SignOff latest = latestValidSignOff(id, side);
      if (digest == null || latest == null || !"SIGN".equals(latest.decision()) || !digest.equals(latest.digest())) {
        repository.voidAllSignOffs(id);
        String actor = users.currentActor();
        auditLog.record(actor, "RELEASE_REFUSED_TEXTS_CHANGED", AUDIT_SUBJECT, id,
            "digest now " + digest + "; " + side + " signed " + (latest == null ? "nothing valid" : latest.digest()));
        log.warn("MECH-STM-003 release of statement {} refused: the texts (digest {}) are not those both co-leads signed", id, digest);
        return ReleaseOutcome.TEXTS_CHANGED;
      }
    }
    if (!repository.markReleased(id, now, digest)) {
      log.info("MECH-STM-004 statement {} already released, not again", id);
      return ReleaseOutcome.ALREADY_RELEASED;
    }
    auditLog.record(AuditLog.SYSTEM, "STATEMENT_RELEASED", AUDIT_SUBJECT, id, digest);
    log.info("MECH-STM-001 statement {} released", id);
    return ReleaseOutcome.RELEASED;
  }

  /**
   * Records a proposal to move or cancel the release, in the proposing request's transaction. The
   * other side decides on this record; nothing the reviewer sends can change it.
   */
  void recordReleaseChange(String id, Instant newReleaseAt, boolean cancel, String proposedBy, String reviewers) {
    repository.insertReleaseChange(id, newReleaseAt == null ? null : timerPrecision(newReleaseAt), cancel, proposedBy, reviewers,
        clock.instant());
    auditLog.record(proposedBy, "RELEASE_CHANGE_PROPOSED", AUDIT_SUBJECT, id, cancel ? "cancel" : String.valueOf(newReleaseAt));
  }

  /** The pending (latest) proposal to change the release. */
  Optional<ReleaseChange> latestReleaseChange(String id) {
    return repository.latestReleaseChange(id);
  }

  /**
   * The other side's decision on the recorded proposal. When agreed, the proposal as recorded
   * applies: the instant it named, or the cancellation.
   */
  void decideReleaseChange(String id, String decision, String decidedBy) {
    ReleaseChange change = repository.latestReleaseChange(id)
        .filter(c -> c.decision() == null)
        .orElseThrow(() -> new IllegalStateException("no pending change of release for statement " + id));
    if ("AGREE".equals(decision) && !change.cancel()) {
      moveRelease(id, change.proposedReleaseAt().toInstant(), decidedBy);
    }
    if (!repository.decideReleaseChange(change.id(), decision, decidedBy, clock.instant())) {
      throw new IllegalStateException("change of release " + change.id() + " decided twice");
    }
    if ("AGREE".equals(decision) && change.cancel()) {
      auditLog.record(decidedBy, "RELEASE_CANCELLED", AUDIT_SUBJECT, id, null);
    } else if (!"AGREE".equals(decision)) {
      auditLog.record(decidedBy, "RELEASE_CHANGE_DECLINED", AUDIT_SUBJECT, id, null);
    }
  }

  private void moveRelease(String id, Instant requested, String agreedBy) {
    Instant releaseAt = timerPrecision(requested);
    if (!releaseAt.isAfter(clock.instant())) {
      throw new InvalidInputException("proposedReleaseAt", "must lie in the future");
    }
    repository.updateReleaseAt(id, releaseAt);
    auditLog.record(agreedBy, "RELEASE_MOVED", AUDIT_SUBJECT, id, releaseAt.toString());
  }

  /** Released statements and readouts, newest first. */
  public List<PublicStatement> released(int page, int size) {
    return repository.released(clock.instant(), page * size, size);
  }

  public long countReleased() {
    return repository.countPublic(clock.instant());
  }

  public Optional<PublicStatement> releasedOne(String id) {
    return repository.releasedOne(id, clock.instant());
  }

  /**
   * The engine keeps a timer's due date to the millisecond: an instant recorded finer than that
   * would make the timer fire just before it, and the release guard refuse it again and again
   * until the clock caught up.
   */
  private static Instant timerPrecision(Instant instant) {
    return instant.truncatedTo(ChronoUnit.MILLIS);
  }

  Statement get(String id) {
    return repository.find(id).orElseThrow(() -> new IllegalStateException("no statement " + id));
  }

  /** What an attempt to release came to. */
  public enum ReleaseOutcome {
    RELEASED,
    /** Released before (a second attempt): nothing published again. */
    ALREADY_RELEASED,
    /** Before the recorded instant: refused, audited. */
    TOO_EARLY,
    /** The texts are not those both co-leads signed: refused, audited, every sign-off void. */
    TEXTS_CHANGED
  }

  /** The two languages of a joint statement. */
  enum Language {
    EN,
    ZH
  }
}
