package org.tradeconsult.mechanism.round;

import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.springframework.stereotype.Component;

/** {@code Task_RegisterRound}: a regular or working-level round is convened. */
@Component
class RegisterRoundDelegate implements JavaDelegate {

  private final RoundRegistration registration;

  RegisterRoundDelegate(RoundRegistration registration) {
    this.registration = registration;
  }

  @Override
  public void execute(DelegateExecution execution) {
    registration.registerConvened(execution);
  }
}
