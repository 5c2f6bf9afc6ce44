package org.tradeconsult.mechanism.statement;

import static org.tradeconsult.mechanism.statement.StatementVariables.*;

import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.springframework.stereotype.Component;

/** {@code Task_OpenStatement}: the round's joint statement is opened for drafting. */
@Component
class OpenStatementDelegate implements JavaDelegate {

  private final StatementService statements;

  OpenStatementDelegate(StatementService statements) {
    this.statements = statements;
  }

  @Override
  public void execute(DelegateExecution execution) {
    String id = statements.open((String) execution.getVariable(ROUND_ID), execution.getProcessInstanceId(),
        (String) execution.getVariable(TITLE));
    execution.setVariable(STATEMENT_ID, id);
    execution.setVariable(REVISION_NOTES, null);
  }
}
