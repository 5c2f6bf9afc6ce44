package org.tradeconsult.mechanism.round;

import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.springframework.stereotype.Component;

/** {@code Task_RegisterAdHocRequest}: one side requests an ad-hoc round. */
@Component
class RegisterAdHocRequestDelegate implements JavaDelegate {

  private final RoundRegistration registration;

  RegisterAdHocRequestDelegate(RoundRegistration registration) {
    this.registration = registration;
  }

  @Override
  public void execute(DelegateExecution execution) {
    registration.registerRequested(execution);
  }
}
