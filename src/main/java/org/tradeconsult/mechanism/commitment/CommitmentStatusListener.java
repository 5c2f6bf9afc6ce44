package org.tradeconsult.mechanism.commitment;

import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.springframework.stereotype.Component;

/**
 * Called from the execution listeners of {@code commitment-tracking}, e.g. {@code
 * ${commitmentStatusListener.enter(execution, 'DUE_SOON')}}: the model shows where each status
 * begins, and the status changes in the same transaction as the step.
 */
@Component
public class CommitmentStatusListener {

  private final CommitmentService commitments;

  CommitmentStatusListener(CommitmentService commitments) {
    this.commitments = commitments;
  }

  /** Puts the commitment of this process in the given status. */
  public void enter(DelegateExecution execution, String status) {
    commitments.enterStatus(commitmentId(execution), CommitmentStatus.valueOf(status));
  }

  /** The process ended, at one of its end events or because its round was cancelled. */
  public void ended(DelegateExecution execution) {
    commitments.followUpEnded(commitmentId(execution));
  }

  private static String commitmentId(DelegateExecution execution) {
    return (String) execution.getVariable(CommitmentVariables.COMMITMENT_ID);
  }
}
