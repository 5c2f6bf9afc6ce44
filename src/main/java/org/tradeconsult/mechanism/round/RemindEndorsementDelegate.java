package org.tradeconsult.mechanism.round;

import static org.tradeconsult.mechanism.round.RoundVariables.ROUND_ID;

import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.springframework.stereotype.Component;

/** {@code Task_RemindEndorsementUS/CN}: a side's endorsement is still pending; remind its secretariat. */
@Component
class RemindEndorsementDelegate implements JavaDelegate {

  /** Input parameter of the task: the side whose endorsement is pending. */
  static final String SIDE = "side";

  private final RoundService rounds;

  RemindEndorsementDelegate(RoundService rounds) {
    this.rounds = rounds;
  }

  @Override
  public void execute(DelegateExecution execution) {
    rounds.recordReminder((String) execution.getVariable(ROUND_ID),
        "leaders' endorsement pending on the " + execution.getVariable(SIDE) + " side");
  }
}
