package org.tradeconsult.mechanism.statement;

import static org.tradeconsult.mechanism.statement.StatementVariables.*;

import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.springframework.stereotype.Component;

/**
 * {@code Task_OpenStatement}: the round's joint statement is opened for drafting. The statement
 * row records this process instance's id, by which every later step finds it (no statement id in
 * a variable, which a task completer could overwrite).
 */
@Component
class OpenStatementDelegate implements JavaDelegate {

  private final StatementService statements;

  OpenStatementDelegate(StatementService statements) {
    this.statements = statements;
  }

  @Override
  public void execute(DelegateExecution execution) {
    statements.open((String) execution.getVariable(ROUND_ID), execution.getProcessInstanceId(),
        (String) execution.getVariable(TITLE));
    execution.setVariable(REVISION_NOTES, null);
  }
}
