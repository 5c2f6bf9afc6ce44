package org.tradeconsult.mechanism.statement;

import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.springframework.stereotype.Component;

/**
 * {@code Task_RefuseEarlyRelease}: a release timer fired before the recorded instant (its job
 * executed by hand or its due date moved). Audited with the actor; the process then waits again
 * and the timer is set anew from the recorded instant.
 */
@Component
class RefuseEarlyReleaseDelegate implements JavaDelegate {

  private final StatementService statements;
  private final StatementDecisions decisions;

  RefuseEarlyReleaseDelegate(StatementService statements, StatementDecisions decisions) {
    this.statements = statements;
    this.decisions = decisions;
  }

  @Override
  public void execute(DelegateExecution execution) {
    statements.refuseEarlyRelease(decisions.statementId(execution));
  }
}
