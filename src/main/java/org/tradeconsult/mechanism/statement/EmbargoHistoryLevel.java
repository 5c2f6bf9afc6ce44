package org.tradeconsult.mechanism.statement;

import org.camunda.bpm.engine.delegate.VariableScope;
import org.camunda.bpm.engine.impl.history.HistoryLevelFull;
import org.camunda.bpm.engine.impl.history.event.HistoryEventType;
import org.camunda.bpm.engine.impl.history.event.HistoryEventTypes;
import org.camunda.bpm.engine.runtime.VariableInstance;

/**
 * Camunda's full history, less the variables that carry embargoed texts. A drafting or sign-off
 * form sees the texts as task-local variables; without this level the engine would keep every
 * version of them in its history, readable through Cockpit and the history REST API long before
 * the release. It keeps the name and id of "full" (3), so it replaces Camunda's full level on
 * existing databases without a migration.
 *
 * <p>A form submitted through Tasklist or {@code submit-form} also writes each submitted string as a
 * form field of the history ({@code ACT_HI_DETAIL}), read-only fields included: those events are
 * left out for a task that shows an embargoed text (an input variable of its activity).
 *
 * <p>Nor does it keep a detail row ({@code ACT_HI_DETAIL}) for every update of every variable:
 * the historic variable instance keeps each variable's last value, and who did what and when is
 * the audit trail's record ({@code audit_event}). The benchmark found these rows to be the largest
 * share of what the mechanism's variables cost the engine (49 inserts per round, 18 per start;
 * docs/PERFORMANCE.md).
 */
class EmbargoHistoryLevel extends HistoryLevelFull {

  @Override
  public boolean isHistoryEventProduced(HistoryEventType eventType, Object entity) {
    if (entity instanceof VariableInstance variable && StatementVariables.EMBARGOED.contains(variable.getName())) {
      return false;
    }
    if (eventType == HistoryEventTypes.VARIABLE_INSTANCE_UPDATE_DETAIL) {
      return false;
    }
    if (eventType == HistoryEventTypes.FORM_PROPERTY_UPDATE
        && entity instanceof VariableScope scope
        && StatementVariables.EMBARGOED.stream().anyMatch(scope::hasVariable)) {
      return false;
    }
    return super.isHistoryEventProduced(eventType, entity);
  }
}
