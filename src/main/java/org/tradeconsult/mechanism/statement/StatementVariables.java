package org.tradeconsult.mechanism.statement;

/**
 * Names of the process variables of {@code joint-statement} and of its forms' fields. The
 * statement itself, the decisions and the release instant are not among them: the model reads
 * those from the statement record ({@link StatementDecisions}).
 */
final class StatementVariables {

  static final String ROUND_ID = "roundId";
  static final String TITLE = "title";
  static final String REVISION_NOTES = "revisionNotes";
  static final String TEXT_EN = "textEn";
  static final String TEXT_ZH = "textZh";
  static final String REVIEW_DECISION = "reviewDecision";
  static final String REVIEW_COMMENT = "reviewComment";
  static final String RELEASE_AT = "releaseAt";
  static final String SIGN_OFF = "signOff";
  static final String SIGN_OFF_COMMENT = "signOffComment";
  static final String CHANGE_DECISION = "changeDecision";

  /** Variables that hold embargoed texts: never written to the engine's history. */
  static final java.util.Set<String> EMBARGOED = java.util.Set.of(TEXT_EN, TEXT_ZH, "readoutText");

  private StatementVariables() {}
}
