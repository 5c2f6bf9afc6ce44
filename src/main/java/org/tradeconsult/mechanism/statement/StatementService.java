package org.tradeconsult.mechanism.statement;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
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

  public Optional<Statement> findByRound(String roundId) {
    return repository.findByRound(roundId);
  }

  public List<SignOff> signOffs(String id) {
    return repository.signOffs(id);
  }

  /** Called from the model: {@code ${statements.enterStatus(statementId, 'REVIEWING')}}. */
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
    int voided = repository.voidStaleSignOffs(id, digest, current.releaseAt() == null ? null : current.releaseAt().toInstant());
    auditLog.record(users.currentActor(), "TEXT_" + language + "_SAVED", AUDIT_SUBJECT, id,
        "digest " + digest + (voided > 0 ? "; " + voided + " sign-off(s) void" : ""));
  }

  void recordReview(String id, Language reviewed, String decision, String comment) {
    auditLog.record(users.currentActor(), "TEXT_" + reviewed + "_" + decision, AUDIT_SUBJECT, id, comment);
  }

  /** The agreed release instant; it must lie ahead. Sign-offs for another instant become void. */
  void schedule(String id, Instant releaseAt) {
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
    Statement statement = get(id);
    Instant releaseAt = statement.releaseAt() == null ? null : statement.releaseAt().toInstant();
    boolean valid = statement.digest() != null && releaseAt != null;
    for (Side side : Side.values()) {
      SignOff latest = repository.signOffs(id).stream()
          .filter(s -> s.side().equals(side.name()) && !s.isVoid())
          .reduce((first, second) -> second)
          .orElse(null);
      valid &= latest != null && "SIGN".equals(latest.decision()) && statement.digest().equals(latest.digest())
          && latest.releaseAt() != null && latest.releaseAt().toInstant().equals(releaseAt);
    }
    if (!valid) {
      repository.voidAllSignOffs(id);
    }
    return valid;
  }

  /** The release, at the agreed instant. Runs once: a repeated call releases nothing again. */
  public boolean release(String id) {
    boolean released = repository.markReleased(id, clock.instant());
    if (released) {
      auditLog.record(AuditLog.SYSTEM, "STATEMENT_RELEASED", AUDIT_SUBJECT, id, get(id).digest());
      log.info("MECH-STM-001 statement {} released", id);
    }
    return released;
  }

  void moveRelease(String id, Instant releaseAt, String agreedBy) {
    if (!releaseAt.isAfter(clock.instant())) {
      throw new InvalidInputException("proposedReleaseAt", "must lie in the future");
    }
    repository.updateReleaseAt(id, releaseAt);
    auditLog.record(agreedBy, "RELEASE_MOVED", AUDIT_SUBJECT, id, releaseAt.toString());
  }

  void recordReleaseCancelled(String id, String agreedBy) {
    auditLog.record(agreedBy, "RELEASE_CANCELLED", AUDIT_SUBJECT, id, null);
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

  Statement get(String id) {
    return repository.find(id).orElseThrow(() -> new IllegalStateException("no statement " + id));
  }

  /** The two languages of a joint statement. */
  enum Language {
    EN,
    ZH
  }
}
