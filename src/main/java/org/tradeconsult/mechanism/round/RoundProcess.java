package org.tradeconsult.mechanism.round;

/** Ids of {@code bpmn/consultation-round.bpmn} that the Java code refers to. */
public final class RoundProcess {

  public static final String KEY = "consultation-round";
  public static final String SCHEDULE_KEY = "regular-round-schedule";

  public static final String MSG_AD_HOC_ROUND_REQUESTED = "AdHocRoundRequested";
  public static final String MSG_ROUND_CANCELLED = "RoundCancelled";

  public static final String START_ROUND_CONVENED = "StartEvent_RoundConvened";
  public static final String START_AD_HOC_ROUND_REQUESTED = "StartEvent_AdHocRoundRequested";

  public static final String TASK_ANSWER_AD_HOC_REQUEST = "Task_AnswerAdHocRequest";
  public static final String TASK_DECIDE_ESCALATED_REQUEST = "Task_DecideEscalatedRequest";
  public static final String TASK_PROPOSE_ARRANGEMENTS = "Task_ProposeArrangements";
  public static final String TASK_CONFIRM_ARRANGEMENTS = "Task_ConfirmArrangements";
  public static final String TASK_PROPOSE_AGENDA_US = "Task_ProposeAgendaUS";
  public static final String TASK_PROPOSE_AGENDA_CN = "Task_ProposeAgendaCN";
  public static final String TASK_FINALISE_AGENDA = "Task_FinaliseAgenda";
  public static final String TASK_RECORD_SESSION = "Task_RecordSession";
  public static final String TASK_APPROVE_OUTCOME_US = "Task_ApproveOutcomeUS";
  public static final String TASK_APPROVE_OUTCOME_CN = "Task_ApproveOutcomeCN";
  public static final String TASK_RECORD_ENDORSEMENT_US = "Task_RecordEndorsementUS";
  public static final String TASK_RECORD_ENDORSEMENT_CN = "Task_RecordEndorsementCN";
  public static final String TASK_PUBLISH_READOUT_US = "Task_PublishReadoutUS";
  public static final String TASK_PUBLISH_READOUT_CN = "Task_PublishReadoutCN";

  public static final String CALL_JOINT_STATEMENT = "CallActivity_JointStatement";
  public static final String CALL_TRACK_COMMITMENTS = "CallActivity_TrackCommitments";
  public static final String GATEWAY_APPROVAL_JOIN = "Gateway_ApprovalJoin";

  public static final String TIMER_RESPONSE_WINDOW = "BoundaryEvent_ResponseWindowElapsed";
  public static final String TIMER_ESCALATION_WINDOW = "BoundaryEvent_EscalationWindowElapsed";
  public static final String TIMER_ENDORSEMENT_REMINDER_US = "BoundaryEvent_EndorsementReminderUS";
  public static final String TIMER_ENDORSEMENT_REMINDER_CN = "BoundaryEvent_EndorsementReminderCN";

  /** Extension property on a flow node: the round status it puts the round in when it starts. */
  public static final String STATUS_PROPERTY = "roundStatus";

  private RoundProcess() {}
}
