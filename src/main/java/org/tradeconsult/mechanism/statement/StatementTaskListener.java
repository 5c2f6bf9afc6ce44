package org.tradeconsult.mechanism.statement;

import static org.tradeconsult.mechanism.statement.StatementVariables.*;

import org.camunda.bpm.engine.delegate.DelegateTask;
import org.camunda.bpm.engine.delegate.TaskListener;
import org.springframework.stereotype.Component;
import org.tradeconsult.mechanism.identity.CurrentUserService;
import org.tradeconsult.mechanism.identity.Side;
import org.tradeconsult.mechanism.statement.StatementService.Language;
import org.tradeconsult.mechanism.validation.InvalidInputException;
import org.tradeconsult.mechanism.validation.Inputs;

/**
 * Completion of a joint-statement task: checks what was entered and records it in the statement
 * tables, with the authenticated actor. The gateways read these records, not the variables. The
 * statement is the one this process instance opened, never one a variable names. A refusal
 * leaves the task open and names the field.
 */
@Component
class StatementTaskListener implements TaskListener {

  static final int MAX_TEXT = 20000;

  private final StatementService statements;
  private final StatementDecisions decisions;
  private final CurrentUserService users;

  StatementTaskListener(StatementService statements, StatementDecisions decisions, CurrentUserService users) {
    this.statements = statements;
    this.decisions = decisions;
    this.users = users;
  }

  @Override
  public void notify(DelegateTask task) {
    Inputs in = Inputs.of(task);
    String id = decisions.statementId(task.getExecution());
    switch (task.getTaskDefinitionKey()) {
      case "Task_DraftEnglishText" -> statements.saveText(id, Language.EN, in.requiredText(TEXT_EN, MAX_TEXT));
      case "Task_DraftChineseText" -> statements.saveText(id, Language.ZH, in.requiredText(TEXT_ZH, MAX_TEXT));
      case "Task_ReviewEnglishText" -> review(task, in, id, Language.EN);
      case "Task_ReviewChineseText" -> review(task, in, id, Language.ZH);
      case "Task_ScheduleRelease" -> statements.schedule(id, in.requiredInstant(RELEASE_AT));
      case "Task_SignOffUS" -> signOff(task, in, id, Side.US);
      case "Task_SignOffCN" -> signOff(task, in, id, Side.CN);
      case "Task_AgreeReleaseChange" -> statements.decideReleaseChange(id, choice(task, in, CHANGE_DECISION, "AGREE", "DECLINE"),
          users.currentActor());
      default -> throw new IllegalStateException("no completion rule for " + task.getTaskDefinitionKey());
    }
  }

  private void review(DelegateTask task, Inputs in, String id, Language reviewed) {
    String decision = choice(task, in, REVIEW_DECISION, "ACCEPT", "REVISE");
    String comment = in.optionalText(REVIEW_COMMENT, 4000).orElse(null);
    if ("REVISE".equals(decision) && comment == null) {
      throw new InvalidInputException(REVIEW_COMMENT, "is required to ask for a revision");
    }
    statements.recordReview(id, reviewed, decision, comment);
  }

  private void signOff(DelegateTask task, Inputs in, String id, Side side) {
    String decision = choice(task, in, SIGN_OFF, "SIGN", "REVISE");
    String comment = in.optionalText(SIGN_OFF_COMMENT, 4000).orElse(null);
    if ("REVISE".equals(decision) && comment == null) {
      throw new InvalidInputException(SIGN_OFF_COMMENT, "is required to ask for a revision");
    }
    statements.recordSignOff(id, side, decision, comment);
  }

  /** One of the allowed words, written back in upper case (what the task shows in its history). */
  private static String choice(DelegateTask task, Inputs in, String field, String... allowed) {
    String option = in.choice(field, allowed);
    task.setVariable(field, option);
    return option;
  }

}
