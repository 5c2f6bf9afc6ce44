package org.tradeconsult.mechanism.statement;

import static org.tradeconsult.mechanism.statement.StatementVariables.*;

import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.springframework.stereotype.Component;

/** {@code Task_VerifySignOffs}: both co-leads signed the same texts and instant, or all sign-offs are void. */
@Component
class VerifySignOffsDelegate implements JavaDelegate {

  private final StatementService statements;

  VerifySignOffsDelegate(StatementService statements) {
    this.statements = statements;
  }

  @Override
  public void execute(DelegateExecution execution) {
    execution.setVariable(SIGNED_BY_BOTH, statements.verifySignOffs((String) execution.getVariable(STATEMENT_ID)));
  }
}
