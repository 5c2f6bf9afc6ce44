package org.tradeconsult.mechanism.round;

import static org.tradeconsult.mechanism.round.RoundVariables.*;

import io.swagger.v3.oas.annotations.media.ArraySchema;
import io.swagger.v3.oas.annotations.media.Schema;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code POST /api/v1/rounds}: the fields of the Tasklist start form (convened round) or of the
 * {@code AdHocRoundRequested} message (ad-hoc round). Everything is read as the process reads it
 * ({@link RoundInputs}): text, dates as {@code 2026-05-12}, codes in any case.
 */
@StrictJson
@Schema(name = "RoundStartRequest", description = "A round to convene (REGULAR) or to request (AD_HOC).")
record RoundStartRequest(
    @Schema(requiredMode = Schema.RequiredMode.REQUIRED, allowableValues = {"REGULAR", "AD_HOC"},
        description = "REGULAR: the caller's secretariat convenes a regular, deputy or working-level round. "
            + "AD_HOC: the caller's side requests a round that the other side has to answer.")
        String type,
    @Schema(allowableValues = {"PRINCIPAL", "DEPUTY", "WORKING"},
        description = "Required for REGULAR; AD_HOC defaults to PRINCIPAL.")
        String level,
    @Schema(maxLength = RoundInputs.MAX_TITLE, description = "Required for REGULAR; AD_HOC defaults to 'Ad-hoc round requested by <side>'.")
        String title,
    @Schema(format = "date", example = "2027-03-15",
        description = "First day of the round; today or later (UTC). Required for REGULAR; for AD_HOC required when endDate is given.")
        String startDate,
    @Schema(format = "date", example = "2027-03-16", description = "Last day of the round; not before startDate. Required for REGULAR.")
        String endDate,
    @Schema(allowableValues = {"US", "CN", "THIRD_COUNTRY"}, description = "The host the caller proposes; the venue rotation decides.")
        String requestedHost,
    @Schema(maxLength = RoundInputs.MAX_VENUE) String venue,
    @ArraySchema(schema = @Schema(implementation = String.class, description = "A code of the topic catalogue (mechanism.round.topics), e.g. TARIFFS."))
        List<String> topics,
    @Schema(description = "Whether both leaders must endorse the outcome; default false.")
        Boolean leadersEndorsementRequired,
    @Schema(maxLength = RoundInputs.MAX_REASON, description = "Required for AD_HOC: why the round is needed.")
        String reason,
    @Schema(allowableValues = {"US", "CN"},
        description = "AD_HOC only, and required there: the requesting side, which must be the caller's own.")
        String requestingSide,
    @Schema(description = "AD_HOC only: the counterpart has 5 instead of 10 days to answer; default false.")
        Boolean urgent) {

  /** The JSON property that carries {@link #type}. */
  static final String TYPE = "type";

  /** The fields that were given, under the names the process reads them by. */
  Map<String, Object> values() {
    Map<String, Object> values = new LinkedHashMap<>();
    put(values, TYPE, type);
    put(values, LEVEL, level);
    put(values, TITLE, title);
    put(values, START_DATE, startDate);
    put(values, END_DATE, endDate);
    put(values, REQUESTED_HOST, requestedHost);
    put(values, VENUE, venue);
    put(values, TOPICS, topics);
    put(values, LEADERS_ENDORSEMENT_REQUIRED, leadersEndorsementRequired);
    put(values, REASON, reason);
    put(values, REQUESTING_SIDE, requestingSide);
    put(values, URGENT, urgent);
    return values;
  }

  private static void put(Map<String, Object> values, String field, Object value) {
    if (value != null) {
      values.put(field, value);
    }
  }
}
