package org.tradeconsult.mechanism.statement;

import java.time.Instant;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.springframework.stereotype.Component;

/**
 * What the joint-statement model's gateways, timers and task inputs decide on, read from the
 * statement record of the process instance, never from a process variable: a task completer can
 * send any variable, and the record holds only what was checked and recorded with the actor who
 * decided it. Bean name {@code statementDecisions}: the model's expressions call it, e.g.
 * {@code ${statementDecisions.bothTextsAccepted(execution)}}.
 */
@Component("statementDecisions")
public class StatementDecisions {

  private final StatementService statements;

  StatementDecisions(StatementService statements) {
    this.statements = statements;
  }

  /** The statement this process instance opened (by the instance id, which no task can change). */
  public String statementId(DelegateExecution execution) {
    return statements.idOfProcess(execution.getProcessInstanceId());
  }

  /** {@code Gateway_TextsAccepted}: the recorded reviews of both texts accept them. */
  public boolean bothTextsAccepted(DelegateExecution execution) {
    return statements.bothTextsAccepted(statementId(execution));
  }

  /** {@code Gateway_SignedByBoth}: both co-leads' recorded sign-offs bind the texts and instant as they stand. */
  public boolean signedByBoth(DelegateExecution execution) {
    return statements.signedByBoth(statementId(execution));
  }

  /** {@code Gateway_ChangeAgreed}: the other side agreed the recorded proposal. */
  public boolean changeAgreed(DelegateExecution execution) {
    return statements.latestReleaseChange(statementId(execution)).map(ReleaseChange::agreed).orElse(false);
  }

  /** {@code Gateway_ChangeAgreed}: the recorded (and agreed) proposal was to cancel the release. */
  public boolean releaseCancelled(DelegateExecution execution) {
    return statements.latestReleaseChange(statementId(execution)).map(c -> c.agreed() && c.cancel()).orElse(false);
  }

  /**
   * The recorded release instant, ISO 8601 in UTC: the due date of both release timers, and what
   * the sign-off and change forms show.
   */
  public String releaseAt(DelegateExecution execution) {
    Instant releaseAt = statements.releaseAt(statementId(execution));
    return releaseAt == null ? null : releaseAt.toString();
  }

  /** {@code Gateway_InstantReached}: the service's clock has reached the recorded instant. */
  public boolean instantReached(DelegateExecution execution) {
    return statements.releaseInstantReached(statementId(execution));
  }

  /** The group that must agree the pending change of release: recorded with the proposal. */
  public String releaseChangeReviewers(DelegateExecution execution) {
    return statements.latestReleaseChange(statementId(execution)).map(ReleaseChange::reviewers).orElseThrow();
  }

  /** The instant the pending change proposes (ISO 8601, UTC), as recorded; null for a cancellation. */
  public String proposedReleaseAt(DelegateExecution execution) {
    return statements.latestReleaseChange(statementId(execution))
        .map(c -> c.proposedReleaseAt() == null ? null : c.proposedReleaseAt().toInstant().toString()).orElse(null);
  }

  /** Whether the pending change proposes to cancel the release, as recorded. */
  public boolean cancelProposed(DelegateExecution execution) {
    return statements.latestReleaseChange(statementId(execution)).map(ReleaseChange::cancel).orElse(false);
  }

  /** Who proposed the pending change, as recorded. */
  public String proposedBy(DelegateExecution execution) {
    return statements.latestReleaseChange(statementId(execution)).map(ReleaseChange::proposedBy).orElse(null);
  }
}
