package org.tradeconsult.mechanism.statement;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.camunda.bpm.engine.AuthorizationException;
import org.camunda.bpm.engine.MismatchingMessageCorrelationException;
import org.camunda.bpm.engine.RuntimeService;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;
import org.tradeconsult.mechanism.identity.CurrentUser;
import org.tradeconsult.mechanism.identity.CurrentUserService;
import org.tradeconsult.mechanism.identity.MechanismGroup;
import org.tradeconsult.mechanism.identity.Role;
import org.tradeconsult.mechanism.identity.Side;
import org.tradeconsult.mechanism.validation.InvalidInputException;

/**
 * A secretariat proposes to move or cancel a scheduled release; the other side's secretariat
 * must agree (a task). The service records the proposal and correlates the message on the
 * secretariat's behalf in one transaction, after checking who asks, as for round cancellations.
 * The message carries no variable: the agreeing task and the gateway after it read the proposal
 * as recorded, so the side that agrees cannot agree to something else.
 */
@Service
public class StatementCommandService {

  static final String MSG_RELEASE_CHANGE_PROPOSED = "ReleaseChangeProposed";

  /** How far ahead a release may be moved: further than this is a typing error, not a plan. */
  static final int MAX_YEARS_AHEAD = 2;

  private final RuntimeService runtimeService;
  private final CurrentUserService users;
  private final StatementService statements;
  private final Clock clock;
  private final TransactionTemplate transaction;

  StatementCommandService(RuntimeService runtimeService, CurrentUserService users, StatementService statements, Clock clock,
      TransactionTemplate transaction) {
    this.runtimeService = runtimeService;
    this.users = users;
    this.statements = statements;
    this.clock = clock;
    this.transaction = transaction;
  }

  /** Proposes a new release instant, or (when {@code newReleaseAt} is null and cancel is set) no release. */
  public void proposeChange(String statementId, Instant newReleaseAt, boolean cancel) {
    String actor = users.currentActor();
    CurrentUser user = users.describe(actor);
    List<Side> sides = user.sides().stream().filter(side -> user.actsAs(side, Role.SECRETARIAT)).toList();
    if (sides.size() != 1) {
      throw new AuthorizationException("User '" + actor + "' may not change a release: only a secretariat may");
    }
    if (cancel == (newReleaseAt != null)) {
      throw new InvalidInputException("releaseAt", "give either a new release instant or cancel, not both or neither");
    }
    if (newReleaseAt != null) {
      Instant now = clock.instant();
      if (!newReleaseAt.isAfter(now)) {
        throw new InvalidInputException("releaseAt", "must lie in the future, not " + newReleaseAt);
      }
      if (newReleaseAt.isAfter(now.atZone(ZoneOffset.UTC).plusYears(MAX_YEARS_AHEAD).toInstant())) {
        throw new InvalidInputException("releaseAt", "must lie at most " + MAX_YEARS_AHEAD + " years ahead, not " + newReleaseAt);
      }
    }
    Statement statement = statements.find(statementId).orElseThrow(() -> new StatementNotFoundException(statementId));
    if (statement.status() != StatementStatus.SCHEDULED) {
      throw new StatementNotScheduledException(statementId, statement.status());
    }
    String reviewers = MechanismGroup.of(sides.get(0).counterpart(), Role.SECRETARIAT).groupId();
    try {
      transaction.executeWithoutResult(status -> {
        statements.recordReleaseChange(statementId, newReleaseAt, cancel, actor, reviewers);
        users.asService(() -> runtimeService.createMessageCorrelation(MSG_RELEASE_CHANGE_PROPOSED)
            .processInstanceId(statement.processInstanceId())
            .correlateWithResult());
      });
    } catch (MismatchingMessageCorrelationException e) {
      throw new StatementNotScheduledException(statementId, statement.status());
    }
  }
}
