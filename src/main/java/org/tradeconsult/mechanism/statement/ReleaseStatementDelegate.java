package org.tradeconsult.mechanism.statement;

import static org.tradeconsult.mechanism.statement.StatementVariables.STATEMENT_ID;

import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.springframework.stereotype.Component;

/**
 * {@code Task_ReleaseStatement}: the release instant has come. Runs in the timer's job, which
 * one node executes once; the table update is conditional as well, so a release never repeats.
 */
@Component
class ReleaseStatementDelegate implements JavaDelegate {

  private final StatementService statements;

  ReleaseStatementDelegate(StatementService statements) {
    this.statements = statements;
  }

  @Override
  public void execute(DelegateExecution execution) {
    statements.release((String) execution.getVariable(STATEMENT_ID));
  }
}
