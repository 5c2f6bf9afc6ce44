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
    if (!(roundId instanceof String id)) {
      return;
    }
    // A cancellation is correlated by the service on a secretariat's behalf: credit the secretariat.
    Object cancelledBy = status == RoundStatus.CANCELLED ? execution.getVariable(RoundVariables.CANCELLED_BY) : null;
    if (cancelledBy instanceof String actor) {
      rounds.getObject().enterStatus(id, status, actor);
    } else {
      rounds.getObject().enterStatus(id, status);
    }
  }
}
