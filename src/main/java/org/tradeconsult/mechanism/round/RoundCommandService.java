package org.tradeconsult.mechanism.round;

import org.camunda.bpm.engine.AuthorizationException;
import org.camunda.bpm.engine.MismatchingMessageCorrelationException;
import org.camunda.bpm.engine.RuntimeService;
import org.springframework.stereotype.Service;
import org.tradeconsult.mechanism.identity.CurrentUserService;
import org.tradeconsult.mechanism.identity.Role;
import org.tradeconsult.mechanism.validation.InvalidInputException;

/**
 * What users do to a round outside its tasks. Each command checks who asks, then acts on the
 * engine with the service's own rights: a secretariat may cancel a round, but must not be given
 * the engine-wide right to change process instances, which would let it rewrite any variable.
 */
@Service
public class RoundCommandService {

  private final RuntimeService runtimeService;
  private final CurrentUserService users;
  private final RoundService rounds;

  RoundCommandService(RuntimeService runtimeService, CurrentUserService users, RoundService rounds) {
    this.runtimeService = runtimeService;
    this.users = users;
    this.rounds = rounds;
  }

  /** Cancels a running round (message {@code RoundCancelled}); every open task goes away. */
  public void cancel(String roundId, String reason) {
    String actor = users.currentActor();
    if (!users.describe(actor).roles().contains(Role.SECRETARIAT)) {
      throw new AuthorizationException("User '" + actor + "' may not cancel a round: only a secretariat may");
    }
    if (reason == null || reason.isBlank()) {
      throw new InvalidInputException(RoundVariables.CANCEL_REASON, "is required");
    }
    Round round = rounds.find(roundId).orElseThrow(() -> new RoundNotFoundException(roundId));
    if (round.status().isTerminal()) {
      throw new RoundFinishedException(roundId, round.status());
    }
    try {
      users.asService(() -> runtimeService
          .createMessageCorrelation(RoundProcess.MSG_ROUND_CANCELLED)
          .processInstanceBusinessKey(roundId)
          .setVariable(RoundVariables.CANCEL_REASON, reason.strip())
          .setVariable(RoundVariables.CANCELLED_BY, actor)
          .correlateWithResult());
    } catch (MismatchingMessageCorrelationException e) {
      throw new RoundFinishedException(roundId, rounds.find(roundId).map(Round::status).orElse(round.status()));
    }
  }
}
