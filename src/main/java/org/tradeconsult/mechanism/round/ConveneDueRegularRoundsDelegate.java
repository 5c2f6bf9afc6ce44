package org.tradeconsult.mechanism.round;

import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.springframework.stereotype.Component;

/** {@code Task_ConveneDueRegularRounds} of {@code regular-round-schedule}. */
@Component
class ConveneDueRegularRoundsDelegate implements JavaDelegate {

  private final CadenceService cadence;

  ConveneDueRegularRoundsDelegate(CadenceService cadence) {
    this.cadence = cadence;
  }

  @Override
  public void execute(DelegateExecution execution) {
    execution.setVariable("convenedLevels", String.join(",", cadence.conveneDueRounds().stream().map(Enum::name).toList()));
  }
}
