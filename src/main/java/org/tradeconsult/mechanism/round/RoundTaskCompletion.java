package org.tradeconsult.mechanism.round;

import static org.tradeconsult.mechanism.round.RoundProcess.*;
import static org.tradeconsult.mechanism.round.RoundVariables.*;

import java.time.Instant;
import java.time.LocalDate;
import org.camunda.bpm.engine.AuthorizationException;
import org.camunda.bpm.engine.delegate.DelegateTask;
import org.springframework.stereotype.Component;
import org.tradeconsult.mechanism.audit.AuditLog;
import org.tradeconsult.mechanism.decision.DecisionRecord;
import org.tradeconsult.mechanism.identity.CurrentUserService;
import org.tradeconsult.mechanism.identity.Side;
import org.tradeconsult.mechanism.validation.InvalidInputException;
import org.tradeconsult.mechanism.validation.Inputs;

/**
 * Checks what a person submits when completing a round task, and records what it decides: the
 * decisions the model's gateways follow go to the {@link DecisionRecord}, under the side whose
 * task it is. A refusal throws before the task completes: the task stays open and the person
 * sees which field is wrong.
 */
@Component
class RoundTaskCompletion {

  private final RoundService rounds;
  private final RoundProperties properties;
  private final CurrentUserService users;
  private final AuditLog auditLog;
  private final DecisionRecord decisions;

  RoundTaskCompletion(RoundService rounds, RoundProperties properties, CurrentUserService users, AuditLog auditLog,
      DecisionRecord decisions) {
    this.decisions = decisions;
    this.rounds = rounds;
    this.properties = properties;
    this.users = users;
    this.auditLog = auditLog;
  }

  void complete(DelegateTask task, String roundId) {
    Inputs in = Inputs.of(task);
    switch (task.getTaskDefinitionKey()) {
      case TASK_ANSWER_AD_HOC_REQUEST -> answerRequest(task, in, roundId, "REQUEST");
      case TASK_DECIDE_ESCALATED_REQUEST -> decideEscalatedRequest(task, in, roundId);
      case TASK_PROPOSE_ARRANGEMENTS -> proposeArrangements(in);
      case TASK_CONFIRM_ARRANGEMENTS -> confirmArrangements(task, in, roundId);
      case TASK_PROPOSE_AGENDA_US, TASK_PROPOSE_AGENDA_CN -> proposeAgenda(in);
      case TASK_FINALISE_AGENDA -> in.requiredText(AGENDA, RoundInputs.MAX_LONG_TEXT);
      case TASK_RECORD_SESSION -> recordSession(task, in, roundId);
      case TASK_APPROVE_OUTCOME_US, TASK_APPROVE_OUTCOME_CN -> approveOutcome(task, in, roundId);
      case TASK_RECORD_ENDORSEMENT_US, TASK_RECORD_ENDORSEMENT_CN -> recordEndorsement(task, in, roundId);
      case TASK_PUBLISH_READOUT_US, TASK_PUBLISH_READOUT_CN -> publishReadout(task, in, roundId);
      default -> {
        // a task without inputs of its own
      }
    }
  }

  private String answerRequest(DelegateTask task, Inputs in, String roundId, String subject) {
    String decision = in.choice(DECISION, "ACCEPT", "DECLINE");
    String reason = in.optionalText(DECLINE_REASON, RoundInputs.MAX_REASON).orElse(null);
    if ("DECLINE".equals(decision) && reason == null) {
      throw new InvalidInputException(DECLINE_REASON, "is required when the request is declined");
    }
    rounds.recordDecision(roundId, subject + "_" + decision + "ED", reason);
    decisions.record(task, REQUEST_DECISION, decision);
    return decision;
  }

  /** Either side's co-leads may close an escalated request; only the counterpart may accept it. */
  private void decideEscalatedRequest(DelegateTask task, Inputs in, String roundId) {
    String counterpartCoLeads = (String) task.getVariable(COUNTERPART_CO_LEADS);
    if ("ACCEPT".equals(in.optionalText(DECISION, 16).orElse(null))
        && !users.isService()
        && !users.currentGroups().contains(counterpartCoLeads)) {
      // Kept although the completion is rolled back: a refused attempt is on record like any other.
      auditLog.recordIndependently(users.currentActor(), "TASK_COMPLETION_REFUSED", "task", task.getId(),
          "task " + task.getTaskDefinitionKey() + " of " + roundId + ": ACCEPT is for " + counterpartCoLeads + " only");
      throw new AuthorizationException("Only the " + task.getVariable(COUNTERPART_SIDE)
          + " co-leads may accept this request on behalf of their side");
    }
    answerRequest(task, in, roundId, "ESCALATED_REQUEST");
  }

  private void proposeArrangements(Inputs in) {
    in.requiredEnum(HOST, Host.class);
    in.requiredLine(VENUE, RoundInputs.MAX_VENUE);
    RoundInputs.checkDates(in.requiredDate(START_DATE), in.requiredDate(END_DATE), rounds.today());
  }

  private void confirmArrangements(DelegateTask task, Inputs in, String roundId) {
    String decision = in.choice(ARRANGEMENTS_DECISION, "AGREE", "COUNTER");
    decisions.record(task, ARRANGEMENTS_DECISION, decision);
    if ("COUNTER".equals(decision)) {
      in.optionalText(ARRANGEMENTS_COMMENT, RoundInputs.MAX_REASON)
          .orElseThrow(() -> new InvalidInputException(ARRANGEMENTS_COMMENT, "is required to counter-propose"));
      return;
    }
    LocalDate start = in.requiredDate(START_DATE);
    LocalDate end = in.requiredDate(END_DATE);
    rounds.recordAgreedArrangements(roundId, in.requiredEnum(HOST, Host.class), in.requiredLine(VENUE, RoundInputs.MAX_VENUE), start, end);
  }

  private void proposeAgenda(Inputs in) {
    if (RoundInputs.topics(in, properties.topics()).isEmpty()) {
      throw new InvalidInputException(TOPICS, "must name at least one topic");
    }
    in.optionalText(AGENDA_ITEMS, RoundInputs.MAX_LONG_TEXT);
    in.requiredText(DELEGATION, RoundInputs.MAX_REASON);
  }

  private void recordSession(DelegateTask task, Inputs in, String roundId) {
    SessionRecord session = RoundInputs.session(in);
    rounds.recordSession(roundId, session);
    boolean anotherSession = in.flag(ANOTHER_SESSION, false);
    // Shown to the co-leads and secretariats by the next forms; the gateways follow the record.
    task.setVariable(OUTCOME_FORM, session.outcomeForm().name());
    task.setVariable(ANOTHER_SESSION, anotherSession);
    decisions.record(task, OUTCOME_FORM, session.outcomeForm().name());
    decisions.record(task, ANOTHER_SESSION, anotherSession);
  }

  private void approveOutcome(DelegateTask task, Inputs in, String roundId) {
    String approval = in.choice(APPROVAL, "APPROVE", "REJECT");
    String reason = in.optionalText(REJECTION_REASON, RoundInputs.MAX_REASON).orElse(null);
    if ("REJECT".equals(approval) && reason == null) {
      throw new InvalidInputException(REJECTION_REASON, "is required when the outcome is rejected");
    }
    rounds.recordApproval(roundId, sideOf(task), "APPROVE".equals(approval), reason);
    decisions.record(task, APPROVAL + sideOf(task).name(), approval);
  }

  private void recordEndorsement(DelegateTask task, Inputs in, String roundId) {
    String endorsement = in.choice(ENDORSEMENT, "ENDORSED", "NOT_ENDORSED");
    rounds.recordDecision(roundId, "LEADERS_" + endorsement, sideOf(task).name());
    decisions.record(task, ENDORSEMENT + sideOf(task).name(), endorsement);
  }

  private void publishReadout(DelegateTask task, Inputs in, String roundId) {
    String text = in.requiredText(READOUT_TEXT, RoundInputs.MAX_READOUT);
    Instant publishedAt = in.requiredInstant(PUBLISHED_AT);
    rounds.recordReadout(roundId, sideOf(task), text, publishedAt);
  }


  /** Side-specific tasks end in the side's code: Task_ApproveOutcomeUS, Task_ApproveOutcomeCN. */
  private static Side sideOf(DelegateTask task) {
    String key = task.getTaskDefinitionKey();
    return Side.valueOf(key.substring(key.length() - 2));
  }
}
