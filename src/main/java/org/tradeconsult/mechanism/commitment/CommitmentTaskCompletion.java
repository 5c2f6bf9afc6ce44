package org.tradeconsult.mechanism.commitment;

import static org.tradeconsult.mechanism.commitment.CommitmentProcess.*;
import static org.tradeconsult.mechanism.commitment.CommitmentVariables.*;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import org.camunda.bpm.engine.AuthorizationException;
import org.camunda.bpm.engine.delegate.DelegateTask;
import org.camunda.bpm.engine.delegate.TaskListener;
import org.springframework.stereotype.Component;
import org.tradeconsult.mechanism.decision.DecisionRecord;
import org.tradeconsult.mechanism.identity.CurrentUserService;
import org.tradeconsult.mechanism.identity.MechanismGroup;
import org.tradeconsult.mechanism.identity.Role;
import org.tradeconsult.mechanism.identity.Side;
import org.tradeconsult.mechanism.validation.InvalidInputException;
import org.tradeconsult.mechanism.validation.Inputs;

/**
 * The complete-listener of the user tasks of {@code commitment-tracking}
 * ({@code camunda:taskListener event="complete"}): checks what a person submits and records what
 * it decides; the decisions the gateways follow go to the {@code DecisionRecord}. It runs after
 * the engine command guard; a refusal throws before the task completes, so the task stays open
 * and the person sees which field is wrong.
 */
@Component
class CommitmentTaskCompletion implements TaskListener {

  static final int MAX_TEXT = 4000;
  static final int MAX_INSTRUMENT = 500;
  /** How far ahead a confirmed implementation may take effect (an instrument issued now, effective later). */
  static final Duration MAX_EFFECTIVE_AHEAD = Duration.ofDays(366);

  private final CommitmentService commitments;
  private final CurrentUserService users;
  private final DecisionRecord decisions;

  CommitmentTaskCompletion(CommitmentService commitments, CurrentUserService users, DecisionRecord decisions) {
    this.decisions = decisions;
    this.commitments = commitments;
    this.users = users;
  }

  @Override
  public void notify(DelegateTask task) {
    String commitmentId = (String) task.getVariable(COMMITMENT_ID);
    Inputs in = Inputs.of(task);
    switch (task.getTaskDefinitionKey()) {
      case TASK_CONFIRM_IMPLEMENTATION -> confirmImplementation(task, in, commitmentId);
      case TASK_REVIEW_OVERDUE_COMMITMENT -> reviewOverdue(task, in, commitmentId);
      case TASK_REVIEW_PERIOD -> reviewPeriod(task, in, commitmentId);
      default -> throw new IllegalStateException("no checks for task " + task.getTaskDefinitionKey());
    }
  }

  private void confirmImplementation(DelegateTask task, Inputs in, String commitmentId) {
    String implementation = in.requiredText(IMPLEMENTATION, MAX_TEXT);
    String instrument = in.requiredText(INSTRUMENT, MAX_INSTRUMENT);
    Instant effectiveAt = in.requiredInstant(EFFECTIVE_AT);
    Instant latest = commitments.now().plus(MAX_EFFECTIVE_AHEAD);
    if (effectiveAt.isAfter(latest)) {
      throw new InvalidInputException(EFFECTIVE_AT, "must not be more than " + MAX_EFFECTIVE_AHEAD.toDays() + " days ahead");
    }
    commitments.recordImplementation(commitmentId, implementation, instrument, effectiveAt);
    task.setVariable(EFFECTIVE_AT, effectiveAt.toString());
  }

  private void reviewOverdue(DelegateTask task, Inputs in, String commitmentId) {
    String decision = in.choice(OVERDUE_DECISION, "REQUEST_ROUND", "KEEP_WAITING");
    String comment = in.optionalText(OVERDUE_COMMENT, MAX_TEXT).orElse(null);
    Optional<Side> side = coLeadSide();
    if (side.isEmpty() && users.isService()) {
      side = in.optionalEnum(REQUESTING_SIDE, Side.class);
    }
    if ("REQUEST_ROUND".equals(decision) && side.isEmpty()) {
      if (!users.isService()) {
        throw new AuthorizationException("User '" + users.currentActor() + "' may not request a round: only a co-lead may, for their side");
      }
      throw new InvalidInputException(REQUESTING_SIDE, "is required when the service requests the round itself");
    }
    commitments.recordOverdueDecision(commitmentId, decision, side.orElse(null), comment);
    decisions.record(task, OVERDUE_DECISION, decision);
    task.setVariable(OVERDUE_DECIDING_SIDE, side.map(Side::name).orElse(null));
    task.setVariable(OVERDUE_DECIDED_BY, users.currentActor());
  }

  private void reviewPeriod(DelegateTask task, Inputs in, String commitmentId) {
    String decision = in.choice(PERIOD_DECISION, "EXTEND", "LET_LAPSE");
    String comment = in.optionalText(PERIOD_COMMENT, MAX_TEXT).orElse(null);
    if ("EXTEND".equals(decision)) {
      LocalDate newEnd = in.requiredDate(NEW_PERIOD_END);
      commitments.checkExtension(commitmentId, newEnd);
      task.setVariable(NEW_PERIOD_END, newEnd.toString());
    } else {
      commitments.recordLetLapse(commitmentId, comment);
      task.setVariable(NEW_PERIOD_END, null);
    }
    decisions.record(task, PERIOD_DECISION, decision);
    task.setVariable(PERIOD_DECIDED_BY, users.currentActor());
  }

  /** The side of the co-lead who completes the task, if it is one. */
  private Optional<Side> coLeadSide() {
    List<Side> sides =
        users.currentGroups().stream()
            .map(MechanismGroup::byGroupId)
            .flatMap(Optional::stream)
            .filter(group -> group.role() == Role.CO_LEAD)
            .flatMap(group -> group.side().stream())
            .distinct()
            .toList();
    return sides.size() == 1 ? Optional.of(sides.get(0)) : Optional.empty();
  }

}
