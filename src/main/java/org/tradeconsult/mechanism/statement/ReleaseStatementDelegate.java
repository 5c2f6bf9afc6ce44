package org.tradeconsult.mechanism.statement;

import org.camunda.bpm.engine.delegate.BpmnError;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.springframework.stereotype.Component;
import org.tradeconsult.mechanism.statement.StatementService.ReleaseOutcome;

/**
 * {@code Task_ReleaseStatement}: the recorded release instant has come ({@code Gateway_InstantReached}).
 * The service checks it again, recomputes the texts' digest against both sign-offs and releases
 * once (a conditional update). Texts that are not those signed are a business outcome
 * ({@link #TEXTS_CHANGED}, back to revision); a release already made ends the process as released.
 */
@Component
class ReleaseStatementDelegate implements JavaDelegate {

  static final String TEXTS_CHANGED = "TextsChangedAfterSignOff";

  private final StatementService statements;
  private final StatementDecisions decisions;

  ReleaseStatementDelegate(StatementService statements, StatementDecisions decisions) {
    this.statements = statements;
    this.decisions = decisions;
  }

  @Override
  public void execute(DelegateExecution execution) {
    String id = decisions.statementId(execution);
    ReleaseOutcome outcome = statements.release(id);
    switch (outcome) {
      case RELEASED, ALREADY_RELEASED -> { }
      case TEXTS_CHANGED -> throw new BpmnError(TEXTS_CHANGED, "statement " + id + ": texts changed after both sign-offs");
      // Gateway_InstantReached let it through, yet the clock says otherwise: a technical fault, retried.
      case TOO_EARLY -> throw new IllegalStateException("statement " + id + ": release instant not reached");
    }
  }
}
