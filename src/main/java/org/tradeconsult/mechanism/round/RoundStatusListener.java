package org.tradeconsult.mechanism.round;

import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.ExecutionListener;
import org.springframework.beans.factory.ObjectProvider;

/** Puts the round in the status that the flow node it enters declares ({@code roundStatus}). */
class RoundStatusListener implements ExecutionListener {

  private final RoundStatus status;
  private final ObjectProvider<RoundService> rounds;

  RoundStatusListener(RoundStatus status, ObjectProvider<RoundService> rounds) {
    this.status = status;
    this.rounds = rounds;
  }

  @Override
  public void notify(DelegateExecution execution) {
    Object roundId = execution.getVariable(RoundVariables.ROUND_ID);
    if (roundId instanceof String id) {
      rounds.getObject().enterStatus(id, status);
    }
  }
}
