package org.tradeconsult.mechanism.statement;

import static org.tradeconsult.mechanism.statement.StatementVariables.REVISION_NOTES;

import java.util.ArrayList;
import java.util.List;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.springframework.stereotype.Component;

/** {@code Task_NoteRevision}: gathers the reviewers' and co-leads' comments for the next draft. */
@Component
class NoteRevisionDelegate implements JavaDelegate {

  @Override
  public void execute(DelegateExecution execution) {
    List<String> notes = new ArrayList<>();
    note(notes, execution, "reviewCommentOnEnglish", "On the English text / 关于英文文本");
    note(notes, execution, "reviewCommentOnChinese", "On the Chinese text / 关于中文文本");
    note(notes, execution, "signOffCommentUS", "U.S. co-lead / 美方牵头人");
    note(notes, execution, "signOffCommentCN", "Chinese co-lead / 中方牵头人");
    execution.setVariable(REVISION_NOTES, notes.isEmpty() ? "Sign-offs void: sign again / 签署已失效，请重新签署" : String.join("\n", notes));
    for (String name : List.of("reviewCommentOnEnglish", "reviewCommentOnChinese", "signOffCommentUS", "signOffCommentCN")) {
      execution.removeVariable(name);
    }
  }

  private static void note(List<String> notes, DelegateExecution execution, String variable, String label) {
    Object value = execution.getVariable(variable);
    if (value instanceof String text && !text.isBlank()) {
      notes.add(label + ": " + text);
    }
  }
}
