package org.tradeconsult.mechanism.round;

import static org.tradeconsult.mechanism.round.RoundVariables.*;

import java.util.ArrayList;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.tradeconsult.mechanism.decision.DecisionRecord;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.camunda.bpm.engine.variable.Variables;
import org.springframework.stereotype.Component;

/** {@code Task_TallyApprovals}: both co-leads have answered; agreed, or one rejection more. */
@Component
class TallyApprovalsDelegate implements JavaDelegate {

  private final RoundService rounds;
  private final RoundProperties properties;

  private final DecisionRecord decisions;

  TallyApprovalsDelegate(RoundService rounds, RoundProperties properties, DecisionRecord decisions) {
    this.decisions = decisions;
    this.rounds = rounds;
    this.properties = properties;
  }

  @Override
  public void execute(DelegateExecution execution) {
    RoundService.ApprovalTally tally =
        rounds.tallyApprovals(
            (String) execution.getVariable(ROUND_ID),
            decisions.is(execution, APPROVAL_US, "APPROVE"),
            decisions.is(execution, APPROVAL_CN, "APPROVE"),
            properties.maxRejections());
    execution.setVariable(OUTCOME_APPROVED, tally.approved());
    execution.setVariable(REJECTION_LIMIT_REACHED, tally.rejectionLimitReached());
    execution.setVariable(COMMITMENT_IDS,
        Variables.objectValue(new ArrayList<>(tally.commitmentIds()))
            .serializationDataFormat(Variables.SerializationDataFormats.JSON)
            .create());
  }
}
