package org.tradeconsult.mechanism.commitment;

import static org.tradeconsult.mechanism.commitment.CommitmentVariables.*;

import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.camunda.bpm.engine.variable.VariableMap;
import org.camunda.bpm.engine.variable.Variables;
import org.springframework.stereotype.Component;

/** {@code Task_ScheduleCommitment}: the commitment's dates become the instants the timers wait for. */
@Component
class ScheduleCommitmentDelegate implements JavaDelegate {

  private final CommitmentService commitments;

  ScheduleCommitmentDelegate(CommitmentService commitments) {
    this.commitments = commitments;
  }

  @Override
  public void execute(DelegateExecution execution) {
    String commitmentId = (String) execution.getVariable(COMMITMENT_ID);
    if (commitmentId == null) {
      commitmentId = execution.getProcessBusinessKey();
    }
    CommitmentSchedule schedule = commitments.startFollowUp(commitmentId, execution.getProcessInstanceId());
    TrackedCommitment commitment = schedule.commitment();
    VariableMap variables =
        Variables.createVariables()
            .putValue(COMMITMENT_ID, commitment.id())
            .putValue(ROUND_ID, commitment.roundId())
            .putValue(ACTION, commitment.action())
            .putValue(OWNER_SIDE, commitment.ownerSide().name())
            .putValue(OWNER_SECRETARIATS, commitment.ownerSide().secretariats())
            .putValue(DUE_DATE, commitment.dueDate().toString())
            .putValue(REMINDER_AT, schedule.reminderAt().toString())
            .putValue(DUE_AT, schedule.dueAt().toString())
            .putValue(HAS_PERIOD, schedule.period() != null);
    if (schedule.period() != null) {
      variables
          .putValue(PERIOD_START, commitment.periodStart().toString())
          .putValue(PERIOD_END, schedule.period().end().toString())
          .putValue(PERIOD_REVIEW_AT, schedule.period().reviewAt().toString())
          .putValue(PERIOD_ENDS_AT, schedule.period().endsAt().toString());
    }
    execution.setVariables(variables);
  }
}
