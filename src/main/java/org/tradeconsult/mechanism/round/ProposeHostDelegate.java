package org.tradeconsult.mechanism.round;

import static org.tradeconsult.mechanism.round.RoundVariables.*;

import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.springframework.stereotype.Component;
import org.tradeconsult.mechanism.validation.Inputs;

/** {@code Task_ProposeHost}: the venue rotation (DMN) proposes the host from earlier rounds. */
@Component
class ProposeHostDelegate implements JavaDelegate {

  private final RoundService rounds;

  ProposeHostDelegate(RoundService rounds) {
    this.rounds = rounds;
  }

  @Override
  public void execute(DelegateExecution execution) {
    Inputs in = Inputs.of(execution);
    RoundService.HostProposal proposal =
        rounds.proposeHost((String) execution.getVariable(ROUND_ID), in.optionalEnum(REQUESTED_HOST, Host.class).orElse(null));
    execution.setVariable(HOST, proposal.host().name());
    execution.setVariable(HOST_RATIONALE, proposal.rationale());
  }
}
