package org.tradeconsult.mechanism.round;

/** Names of the process variables of {@code consultation-round}. */
public final class RoundVariables {

  // set at the start (start form, AdHocRoundRequested message, schedule)
  public static final String ROUND_ID = "roundId";
  public static final String LEVEL = "level";
  public static final String ROUND_TYPE = "roundType";
  public static final String TITLE = "title";
  public static final String REQUESTING_SIDE = "requestingSide";
  public static final String CONVENING_SIDE = "conveningSide";
  public static final String REASON = "reason";
  public static final String URGENT = "urgent";
  public static final String START_DATE = "startDate";
  public static final String END_DATE = "endDate";
  public static final String REQUESTED_HOST = "requestedHost";
  public static final String VENUE = "venue";
  public static final String TOPICS = "topics";
  public static final String LEADERS_ENDORSEMENT_REQUIRED = "leadersEndorsementRequired";
  public static final String INITIATOR = "initiator";

  // derived at registration; candidate groups and timers read them
  public static final String COUNTERPART_SIDE = "counterpartSide";
  public static final String CONVENING_SECRETARIAT = "conveningSecretariat";
  public static final String COUNTERPART_SECRETARIAT = "counterpartSecretariat";
  public static final String COUNTERPART_CO_LEADS = "counterpartCoLeads";
  public static final String RESPONSE_WINDOW = "responseWindow";
  public static final String ESCALATION_WINDOW = "escalationWindow";
  public static final String ENDORSEMENT_REMINDER_CYCLE = "endorsementReminderCycle";
  public static final String TOPIC_CATALOGUE = "topicCatalogue";

  // answers to the ad-hoc request
  public static final String DECISION = "decision";
  /** The recorded answer to an ad-hoc request, first or after escalation (DecisionRecord). */
  public static final String REQUEST_DECISION = "requestDecision";
  public static final String DECLINE_REASON = "declineReason";

  // arrangements
  public static final String HOST = "host";
  public static final String HOST_RATIONALE = "hostRationale";
  public static final String ARRANGEMENTS_DECISION = "arrangementsDecision";
  public static final String ARRANGEMENTS_COMMENT = "arrangementsComment";

  // agenda (task-local, mapped out per side) and delegation
  public static final String AGENDA_ITEMS = "agendaItems";
  public static final String DELEGATION = "delegation";
  public static final String AGENDA = "agenda";

  // session
  public static final String ITEM_OUTCOMES = "itemOutcomes";
  public static final String OUTCOME_FORM = "outcomeForm";
  public static final String COMMITMENTS = "commitments";
  public static final String ANOTHER_SESSION = "anotherSession";

  // approval (task-local, mapped out per side)
  public static final String APPROVAL = "approval";
  public static final String REJECTION_REASON = "rejectionReason";
  public static final String APPROVAL_US = "approvalUS";
  public static final String APPROVAL_CN = "approvalCN";
  public static final String OUTCOME_APPROVED = "outcomeApproved";
  public static final String REJECTION_LIMIT_REACHED = "rejectionLimitReached";

  // leaders' endorsement (task-local, mapped out per side)
  public static final String ENDORSEMENT = "endorsement";
  public static final String ENDORSEMENT_US = "endorsementUS";
  public static final String ENDORSEMENT_CN = "endorsementCN";

  // readouts (task-local; kept in our own table)
  public static final String READOUT_TEXT = "readoutText";
  public static final String PUBLISHED_AT = "publishedAt";

  // commitments handed to commitment-tracking
  public static final String COMMITMENT_IDS = "commitmentIds";
  public static final String COMMITMENT_ID = "commitmentId";

  // cancellation (RoundCancelled message)
  public static final String CANCEL_REASON = "cancelReason";
  public static final String CANCELLED_BY = "cancelledBy";

  private RoundVariables() {}
}
