package org.tradeconsult.mechanism.commitment;

import static org.tradeconsult.mechanism.commitment.CommitmentVariables.*;

import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.springframework.stereotype.Component;
import org.tradeconsult.mechanism.identity.Side;

/**
 * {@code Task_RequestAdHocRound} (asynchronous: a failure to start the round becomes an incident,
 * and does not undo the co-lead's decision): requests a round about the overdue commitment.
 */
@Component
class RequestAdHocRoundDelegate implements JavaDelegate {

  private final CommitmentService commitments;

  RequestAdHocRoundDelegate(CommitmentService commitments) {
    this.commitments = commitments;
  }

  @Override
  public void execute(DelegateExecution execution) {
    String roundId =
        commitments.requestAdHocRound(
            (String) execution.getVariable(COMMITMENT_ID),
            Side.valueOf((String) execution.getVariable(OVERDUE_DECIDING_SIDE)),
            (String) execution.getVariable(OVERDUE_DECIDED_BY));
    execution.setVariable(AD_HOC_ROUND_ID, roundId);
  }
}
