package org.tradeconsult.mechanism.statement;

import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.springframework.stereotype.Component;

/**
 * {@code Task_VerifySignOffs}: both co-leads signed the same texts and instant, or all sign-offs
 * are void. {@code Gateway_SignedByBoth} reads the outcome from the sign-off records.
 */
@Component
class VerifySignOffsDelegate implements JavaDelegate {

  private final StatementService statements;
  private final StatementDecisions decisions;

  VerifySignOffsDelegate(StatementService statements, StatementDecisions decisions) {
    this.statements = statements;
    this.decisions = decisions;
  }

  @Override
  public void execute(DelegateExecution execution) {
    statements.verifySignOffs(decisions.statementId(execution));
  }
}
