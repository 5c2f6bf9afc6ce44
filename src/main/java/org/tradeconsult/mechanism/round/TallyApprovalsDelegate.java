package org.tradeconsult.mechanism.round;

import static org.tradeconsult.mechanism.round.RoundVariables.*;

import java.util.ArrayList;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.camunda.bpm.engine.variable.Variables;
import org.springframework.stereotype.Component;

/** {@code Task_TallyApprovals}: both co-leads have answered; agreed, or one rejection more. */
@Component
class TallyApprovalsDelegate implements JavaDelegate {

  private final RoundService rounds;
  private final RoundProperties properties;

  TallyApprovalsDelegate(RoundService rounds, RoundProperties properties) {
    this.rounds = rounds;
    this.properties = properties;
  }

  @Override
  public void execute(DelegateExecution execution) {
    RoundService.ApprovalTally tally =
        rounds.tallyApprovals(
            (String) execution.getVariable(ROUND_ID),
            "APPROVE".equals(execution.getVariable(APPROVAL_US)),
            "APPROVE".equals(execution.getVariable(APPROVAL_CN)),
            properties.maxRejections());
    execution.setVariable(OUTCOME_APPROVED, tally.approved());
    execution.setVariable(REJECTION_LIMIT_REACHED, tally.rejectionLimitReached());
    execution.setVariable(COMMITMENT_IDS,
        Variables.objectValue(new ArrayList<>(tally.commitmentIds()))
            .serializationDataFormat(Variables.SerializationDataFormats.JSON)
            .create());
  }
}
