package org.tradeconsult.mechanism.commitment;

/** Ids of {@code bpmn/commitment-tracking.bpmn} that the Java code refers to. */
public final class CommitmentProcess {

  public static final String KEY = "commitment-tracking";

  public static final String TASK_SCHEDULE_COMMITMENT = "Task_ScheduleCommitment";
  public static final String TASK_CONFIRM_IMPLEMENTATION = "Task_ConfirmImplementation";
  public static final String TASK_REVIEW_OVERDUE_COMMITMENT = "Task_ReviewOverdueCommitment";
  public static final String TASK_REQUEST_AD_HOC_ROUND = "Task_RequestAdHocRound";
  public static final String TASK_REVIEW_PERIOD = "Task_ReviewPeriod";
  public static final String TASK_EXTEND_PERIOD = "Task_ExtendPeriod";

  public static final String TIMER_REMINDER_DATE = "TimerEvent_ReminderDateReached";
  public static final String TIMER_DUE_DATE = "BoundaryEvent_DueDatePassed";
  public static final String TIMER_PERIOD_REVIEW_DATE = "TimerEvent_PeriodReviewDateReached";
  public static final String TIMER_PERIOD_ENDED_UNDECIDED = "BoundaryEvent_PeriodEnded";
  public static final String TIMER_PERIOD_ENDS = "TimerEvent_PeriodEnds";

  public static final String END_IMPLEMENTED = "EndEvent_Implemented";
  public static final String END_AD_HOC_ROUND_REQUESTED = "EndEvent_AdHocRoundRequested";
  public static final String END_IMPLEMENTATION_AWAITED = "EndEvent_ImplementationAwaited";
  public static final String END_COMMITMENT_CLOSED = "EndEvent_CommitmentClosed";
  public static final String END_PERIOD_LAPSED = "EndEvent_PeriodLapsed";
  public static final String END_LAPSED_WITHOUT_DECISION = "EndEvent_LapsedWithoutDecision";

  private CommitmentProcess() {}
}
