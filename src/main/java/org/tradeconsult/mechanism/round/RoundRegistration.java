package org.tradeconsult.mechanism.round;

import static org.camunda.spin.Spin.JSON;
import static org.tradeconsult.mechanism.round.RoundVariables.*;

import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.camunda.bpm.engine.AuthorizationException;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.variable.Variables;
import org.camunda.bpm.engine.variable.value.TypedValue;
import org.camunda.spin.plugin.variable.SpinValues;
import org.springframework.stereotype.Component;
import org.tradeconsult.mechanism.identity.CurrentUser;
import org.tradeconsult.mechanism.identity.CurrentUserService;
import org.tradeconsult.mechanism.identity.MechanismGroup;
import org.tradeconsult.mechanism.identity.Role;
import org.tradeconsult.mechanism.identity.Side;
import org.tradeconsult.mechanism.validation.InvalidInputException;
import org.tradeconsult.mechanism.validation.Inputs;

/**
 * Turns the start of a {@code consultation-round} instance into a registered round: checks the
 * input and who gave it, registers the round, and sets the variables the rest of the process
 * reads. Runs in the start transaction, so a refused start leaves nothing behind.
 */
@Component
class RoundRegistration {

  private static final Pattern ROUND_ID_FORMAT = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");

  private final RoundService rounds;
  private final CurrentUserService users;
  private final RoundProperties properties;

  RoundRegistration(RoundService rounds, CurrentUserService users, RoundProperties properties) {
    this.rounds = rounds;
    this.users = users;
    this.properties = properties;
  }

  /** A regular or working-level round convened from Tasklist, by REST, or by the schedule. */
  void registerConvened(DelegateExecution execution) {
    Inputs in = Inputs.of(execution);
    Side side = conveningSide(in);
    NewRound round = RoundInputs.convened(in, side, rounds.today(), properties.topics());
    register(execution, round, RoundStatus.PREPARING);
  }

  /** An ad-hoc round requested by one side; the other side has to answer. */
  void registerRequested(DelegateExecution execution) {
    Inputs in = Inputs.of(execution);
    NewRound round = RoundInputs.requested(in, rounds.today(), properties.topics());
    checkActsFor(round.conveningSide(), REQUESTING_SIDE);
    register(execution, round, RoundStatus.REQUESTED);
    execution.setVariable(RESPONSE_WINDOW,
        (round.urgent() ? properties.urgentResponseWindow() : properties.responseWindow()).toString());
    execution.setVariable(ESCALATION_WINDOW, properties.escalationWindow().toString());
  }

  private void register(DelegateExecution execution, NewRound round, RoundStatus initialStatus) {
    String roundId = execution.getProcessBusinessKey();
    if (roundId == null || roundId.isBlank()) {
      roundId = rounds.newRoundId();
      execution.setProcessBusinessKey(roundId);
    } else if (!ROUND_ID_FORMAT.matcher(roundId).matches()) {
      throw new InvalidInputException("businessKey", "must be 1 to 64 letters, digits, '.', '_' or '-'");
    } else if (rounds.find(roundId).isPresent()) {
      throw new InvalidInputException("businessKey", "'" + roundId + "' is the id of an existing round");
    }
    rounds.register(roundId, execution.getProcessInstanceId(), round, initialStatus);

    Side counterpart = round.conveningSide().counterpart();
    Map<String, Object> variables =
        Variables.createVariables()
            .putValue(ROUND_ID, roundId)
            .putValue(LEVEL, round.level().name())
            .putValue(ROUND_TYPE, round.type().name())
            .putValue(TITLE, round.title())
            .putValue(CONVENING_SIDE, round.conveningSide().name())
            .putValue(COUNTERPART_SIDE, counterpart.name())
            .putValue(CONVENING_SECRETARIAT, MechanismGroup.of(round.conveningSide(), Role.SECRETARIAT).groupId())
            .putValue(COUNTERPART_SECRETARIAT, MechanismGroup.of(counterpart, Role.SECRETARIAT).groupId())
            .putValue(COUNTERPART_CO_LEADS, MechanismGroup.of(counterpart, Role.CO_LEAD).groupId())
            .putValue(URGENT, round.urgent())
            .putValue(LEADERS_ENDORSEMENT_REQUIRED, round.leadersEndorsementRequired())
            .putValue(REQUESTED_HOST, round.requestedHost() == null ? null : round.requestedHost().name())
            .putValue(START_DATE, round.startDate() == null ? null : round.startDate().toString())
            .putValue(END_DATE, round.endDate() == null ? null : round.endDate().toString())
            .putValue(TOPICS, json(List.copyOf(round.topics())))
            .putValue(TOPIC_CATALOGUE, json(topicCatalogue()))
            .putValue(ENDORSEMENT_REMINDER_CYCLE, "R/" + properties.endorsementReminder());
    execution.setVariables(variables);
  }

  /**
   * The side of whoever convenes: a person convenes for the secretariat they belong to; the
   * schedule (no person) names the side in {@code conveningSide}.
   */
  private Side conveningSide(Inputs in) {
    String actor = users.currentActor();
    if (users.isService()) {
      return in.requiredEnum(CONVENING_SIDE, Side.class);
    }
    CurrentUser user = users.describe(actor);
    List<Side> sides = user.sides().stream().filter(side -> user.actsAs(side, Role.SECRETARIAT)).toList();
    if (sides.size() != 1) {
      throw new AuthorizationException("User '" + actor + "' may not convene a round: only a secretariat may");
    }
    return sides.get(0);
  }

  /** A person may speak only for the side whose secretariat they belong to. */
  private void checkActsFor(Side side, String field) {
    String actor = users.currentActor();
    if (users.isService()) {
      return;
    }
    if (!users.describe(actor).actsAs(side, Role.SECRETARIAT)) {
      throw new AuthorizationException(
          "User '" + actor + "' may not request a round for " + side + " (field '" + field + "'): only that side's secretariat may");
    }
  }

  /** The catalogue as form-js options ({@code label}, {@code value}), for the agenda forms. */
  private List<Map<String, String>> topicCatalogue() {
    return properties.topics().stream().map(t -> Map.of("label", TopicLabels.label(t), "value", t)).toList();
  }

  /**
   * A value that Camunda Forms read and write: Spin JSON (type {@code Json}). Tasklist parses
   * such a variable for its form and sends a checklist back with the type the variable has; and
   * an input mapping such as {@code ${topics}} copies a Spin JSON node as Spin JSON, where a
   * Java object (even one serialized as JSON) comes out as a Java-serialized object that
   * Tasklist can neither show nor send back.
   */
  private static TypedValue json(Object value) {
    return SpinValues.jsonValue(JSON(value)).create();
  }
}
