package org.tradeconsult.mechanism.round;

import static org.tradeconsult.mechanism.round.RoundVariables.*;

import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.tradeconsult.mechanism.identity.Side;
import org.tradeconsult.mechanism.validation.InvalidInputException;
import org.tradeconsult.mechanism.validation.Inputs;

/** The checks on what people enter about a round: start forms, the request message, sessions. */
final class RoundInputs {

  static final int MAX_TITLE = 300;
  static final int MAX_REASON = 4000;
  static final int MAX_VENUE = 300;
  static final int MAX_LONG_TEXT = 8000;
  static final int MAX_READOUT = 20000;
  static final int MAX_COMMITMENTS = 50;

  private static final Set<String> OUTCOME_WORDS = Set.of("AGREED", "NOT_AGREED", "DEFERRED");

  private RoundInputs() {}

  /** A regular or working-level round convened by a secretariat or the schedule. */
  static NewRound convened(Inputs in, Side conveningSide, LocalDate today, List<String> catalogue) {
    RoundLevel level = in.requiredEnum(LEVEL, RoundLevel.class);
    String title = in.requiredLine(TITLE, MAX_TITLE);
    LocalDate start = in.requiredDate(START_DATE);
    LocalDate end = in.requiredDate(END_DATE);
    checkDates(start, end, today);
    return new NewRound(
        level,
        RoundType.REGULAR,
        title,
        conveningSide,
        in.optionalText(REASON, MAX_REASON).orElse(null),
        false,
        in.flag(LEADERS_ENDORSEMENT_REQUIRED, false),
        in.optionalEnum(REQUESTED_HOST, Host.class).orElse(null),
        in.optionalLine(VENUE, MAX_VENUE).orElse(null),
        start,
        end,
        topics(in, catalogue));
  }

  /** An ad-hoc round requested by one side (message {@code AdHocRoundRequested}). */
  static NewRound requested(Inputs in, LocalDate today, List<String> catalogue) {
    Side side = in.requiredEnum(REQUESTING_SIDE, Side.class);
    String reason = in.requiredText(REASON, MAX_REASON);
    LocalDate start = in.optionalDate(START_DATE).orElse(null);
    LocalDate end = in.optionalDate(END_DATE).orElse(null);
    if (start != null || end != null) {
      if (start == null) {
        throw new InvalidInputException(START_DATE, "is required when an end date is given");
      }
      checkDates(start, end == null ? start : end, today);
    }
    RoundLevel level = in.optionalEnum(LEVEL, RoundLevel.class).orElse(RoundLevel.PRINCIPAL);
    String title = in.optionalLine(TITLE, MAX_TITLE).orElse("Ad-hoc round requested by " + side);
    return new NewRound(
        level,
        RoundType.AD_HOC,
        title,
        side,
        reason,
        in.flag(URGENT, false),
        in.flag(LEADERS_ENDORSEMENT_REQUIRED, false),
        in.optionalEnum(REQUESTED_HOST, Host.class).orElse(null),
        in.optionalLine(VENUE, MAX_VENUE).orElse(null),
        start,
        end,
        topics(in, catalogue));
  }

  static void checkDates(LocalDate start, LocalDate end, LocalDate today) {
    if (start.isBefore(today)) {
      throw new InvalidInputException(START_DATE, "must not be in the past (today is " + today + ")");
    }
    if (end != null && end.isBefore(start)) {
      throw new InvalidInputException(END_DATE, "must not be before " + START_DATE + " (" + start + ")");
    }
  }

  static List<String> topics(Inputs in, List<String> catalogue) {
    List<String> topics = in.stringList(TOPICS).stream().map(t -> t.toUpperCase(Locale.ROOT)).distinct().toList();
    for (String topic : topics) {
      if (!catalogue.contains(topic)) {
        throw new InvalidInputException(TOPICS, "contains '" + topic + "', which is not in the catalogue " + catalogue);
      }
    }
    return topics;
  }

  /** The record of one session: outcomes per agenda item, the outcome form, the commitments. */
  static SessionRecord session(Inputs in) {
    String itemOutcomes = in.requiredText(ITEM_OUTCOMES, MAX_LONG_TEXT);
    int lineNo = 0;
    for (String line : itemOutcomes.split("\\R")) {
      lineNo++;
      if (line.isBlank()) {
        continue;
      }
      String[] parts = line.split("\\|");
      String outcome = parts.length == 2 ? parts[1].strip().toUpperCase(Locale.ROOT).replace(' ', '_') : "";
      if (parts.length != 2 || parts[0].isBlank() || !OUTCOME_WORDS.contains(outcome)) {
        throw new InvalidInputException(ITEM_OUTCOMES,
            "line " + lineNo + " must read 'agenda item | AGREED', 'NOT_AGREED' or 'DEFERRED', not '" + line.strip() + "'");
      }
    }
    OutcomeForm form = in.requiredEnum(OUTCOME_FORM, OutcomeForm.class);
    String commitmentsText = in.optionalText(COMMITMENTS, MAX_LONG_TEXT).orElse(null);
    List<CommitmentDraft> commitments = commitments(commitmentsText);
    if (form == OutcomeForm.NO_AGREEMENT && !commitments.isEmpty()) {
      throw new InvalidInputException(COMMITMENTS, "must be empty when the outcome form is NO_AGREEMENT");
    }
    return new SessionRecord(itemOutcomes, form, commitmentsText, commitments);
  }

  /** Lines of {@code OWNER | action | due date [| period start | period end]}. */
  static List<CommitmentDraft> commitments(String text) {
    List<CommitmentDraft> drafts = new ArrayList<>();
    if (text == null) {
      return drafts;
    }
    int lineNo = 0;
    for (String line : text.split("\\R")) {
      lineNo++;
      if (line.isBlank()) {
        continue;
      }
      String[] parts = line.split("\\|", -1);
      if (parts.length != 3 && parts.length != 5) {
        throw new InvalidInputException(COMMITMENTS,
            "line " + lineNo + " must read 'US|CN|BOTH | action | due date' with an optional '| period start | period end'");
      }
      String owner = parts[0].strip().toUpperCase(Locale.ROOT);
      if (!Set.of("US", "CN", "BOTH").contains(owner)) {
        throw new InvalidInputException(COMMITMENTS, "line " + lineNo + ": owner must be US, CN or BOTH, not '" + owner + "'");
      }
      String action = parts[1].strip();
      if (action.isEmpty() || action.length() > 2000) {
        throw new InvalidInputException(COMMITMENTS, "line " + lineNo + ": the action must be 1 to 2000 characters long");
      }
      LocalDate due = date(parts[2], lineNo, "due date");
      LocalDate periodStart = parts.length == 5 ? date(parts[3], lineNo, "period start") : null;
      LocalDate periodEnd = parts.length == 5 ? date(parts[4], lineNo, "period end") : null;
      if (periodEnd != null && periodEnd.isBefore(periodStart)) {
        throw new InvalidInputException(COMMITMENTS, "line " + lineNo + ": the period must not end before it starts");
      }
      drafts.add(new CommitmentDraft(owner, action, due, periodStart, periodEnd));
    }
    if (drafts.size() > MAX_COMMITMENTS) {
      throw new InvalidInputException(COMMITMENTS, "must hold at most " + MAX_COMMITMENTS + " commitments");
    }
    return drafts;
  }

  private static LocalDate date(String text, int lineNo, String what) {
    try {
      return LocalDate.parse(text.strip());
    } catch (DateTimeParseException e) {
      throw new InvalidInputException(COMMITMENTS, "line " + lineNo + ": the " + what + " must be a date such as 2025-05-14, not '" + text.strip() + "'");
    }
  }
}
