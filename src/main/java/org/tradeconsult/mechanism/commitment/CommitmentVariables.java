package org.tradeconsult.mechanism.commitment;

/** Names of the process variables of {@code commitment-tracking}. */
public final class CommitmentVariables {

  // handed over by the round's call activity (the business key is the commitment id as well)
  public static final String COMMITMENT_ID = "commitmentId";
  public static final String ROUND_ID = "roundId";

  // set by Task_ScheduleCommitment: what the forms show, whom the tasks are for, when timers fire
  public static final String ACTION = "action";
  public static final String OWNER_SIDE = "ownerSide";
  public static final String DUE_DATE = "dueDate";
  public static final String PERIOD_START = "periodStart";
  public static final String PERIOD_END = "periodEnd";
  public static final String HAS_PERIOD = "hasPeriod";
  public static final String OWNER_SECRETARIATS = "ownerSecretariats";
  public static final String REMINDER_AT = "reminderAt";
  public static final String DUE_AT = "dueAt";
  public static final String PERIOD_REVIEW_AT = "periodReviewAt";
  public static final String PERIOD_ENDS_AT = "periodEndsAt";

  // Task_ConfirmImplementation
  public static final String IMPLEMENTATION = "implementation";
  public static final String INSTRUMENT = "instrument";
  public static final String EFFECTIVE_AT = "effectiveAt";

  // Task_ReviewOverdueCommitment
  public static final String OVERDUE_DECISION = "overdueDecision";
  public static final String OVERDUE_COMMENT = "overdueComment";
  /** Only when no person completes the task (the service itself): the side that requests the round. */
  public static final String REQUESTING_SIDE = "requestingSide";
  public static final String OVERDUE_DECIDED_BY = "overdueDecidedBy";
  public static final String OVERDUE_DECIDING_SIDE = "overdueDecidingSide";
  public static final String AD_HOC_ROUND_ID = "adHocRoundId";

  // Task_ReviewPeriod (task-local, mapped out)
  public static final String PERIOD_DECISION = "periodDecision";
  public static final String NEW_PERIOD_END = "newPeriodEnd";
  public static final String PERIOD_COMMENT = "periodComment";
  public static final String PERIOD_DECIDED_BY = "periodDecidedBy";

  private CommitmentVariables() {}
}
