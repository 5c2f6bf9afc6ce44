package org.tradeconsult.mechanism.round;

import static org.tradeconsult.mechanism.round.RoundVariables.*;

import org.camunda.bpm.engine.AuthorizationException;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.springframework.stereotype.Component;
import org.tradeconsult.mechanism.identity.CurrentUserService;
import org.tradeconsult.mechanism.identity.Role;
import org.tradeconsult.mechanism.validation.Inputs;

/**
 * {@code Task_RecordCancellation}: a secretariat cancelled the round (message {@code
 * RoundCancelled}, sent by {@link RoundCommandService} on the secretariat's behalf, or by anyone
 * with the engine right to correlate). Runs in the correlating transaction: without a reason, or
 * from a person who is not a secretariat, the message is refused and the round goes on.
 */
@Component
class RecordCancellationDelegate implements JavaDelegate {

  private final RoundService rounds;
  private final CurrentUserService users;

  RecordCancellationDelegate(RoundService rounds, CurrentUserService users) {
    this.rounds = rounds;
    this.users = users;
  }

  @Override
  public void execute(DelegateExecution execution) {
    String reason = Inputs.of(execution).requiredText(CANCEL_REASON, RoundInputs.MAX_REASON);
    String actor = users.currentActor();
    if (!users.isService() && !users.describe(actor).roles().contains(Role.SECRETARIAT)) {
      throw new AuthorizationException("User '" + actor + "' may not cancel a round: only a secretariat may");
    }
    Object cancelledBy = execution.getVariable(CANCELLED_BY);
    rounds.recordCancellation((String) execution.getVariable(ROUND_ID), reason, cancelledBy instanceof String by ? by : actor);
  }
}
