package org.tradeconsult.mechanism.commitment;

import static org.tradeconsult.mechanism.commitment.CommitmentVariables.*;

import java.time.LocalDate;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.springframework.stereotype.Component;

/** {@code Task_ExtendPeriod}: the owner side extended the period; a new period starts the review cycle again. */
@Component
class ExtendPeriodDelegate implements JavaDelegate {

  private final CommitmentService commitments;

  ExtendPeriodDelegate(CommitmentService commitments) {
    this.commitments = commitments;
  }

  @Override
  public void execute(DelegateExecution execution) {
    CommitmentSchedule.PeriodSchedule period =
        commitments.extendPeriod(
            (String) execution.getVariable(COMMITMENT_ID),
            LocalDate.parse((String) execution.getVariable(NEW_PERIOD_END)),
            (String) execution.getVariable(PERIOD_DECIDED_BY));
    execution.setVariable(PERIOD_END, period.end().toString());
    execution.setVariable(PERIOD_REVIEW_AT, period.reviewAt().toString());
    execution.setVariable(PERIOD_ENDS_AT, period.endsAt().toString());
  }
}
