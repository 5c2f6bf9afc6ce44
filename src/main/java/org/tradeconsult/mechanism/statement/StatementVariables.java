package org.tradeconsult.mechanism.statement;

/** Names of the process variables of {@code joint-statement}. */
final class StatementVariables {

  static final String ROUND_ID = "roundId";
  static final String TITLE = "title";
  static final String STATEMENT_ID = "statementId";
  static final String REVISION_NOTES = "revisionNotes";
  static final String TEXT_EN = "textEn";
  static final String TEXT_ZH = "textZh";
  static final String REVIEW_DECISION = "reviewDecision";
  static final String REVIEW_COMMENT = "reviewComment";
  static final String REVIEW_OF_ENGLISH = "reviewOfEnglish";
  static final String REVIEW_OF_CHINESE = "reviewOfChinese";
  static final String RELEASE_AT = "releaseAt";
  static final String SIGN_OFF = "signOff";
  static final String SIGN_OFF_COMMENT = "signOffComment";
  static final String SIGNED_BY_BOTH = "signedByBoth";
  static final String CHANGE_DECISION = "changeDecision";
  static final String PROPOSED_RELEASE_AT = "proposedReleaseAt";
  static final String CANCEL_RELEASE = "cancelRelease";
  static final String PROPOSED_BY = "proposedBy";
  static final String RELEASE_CHANGE_REVIEWERS = "releaseChangeReviewers";

  /** Variables that hold embargoed texts: never written to the engine's history. */
  static final java.util.Set<String> EMBARGOED = java.util.Set.of(TEXT_EN, TEXT_ZH, "readoutText");

  private StatementVariables() {}
}
