package org.tradeconsult.mechanism.round;

import io.swagger.v3.oas.annotations.media.Schema;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.Arrays;
import java.util.List;

/** A round as the API shows it in lists and at the top of its details. */
@Schema(name = "Round")
record RoundSummary(
    String id,
    RoundType type,
    RoundLevel level,
    String title,
    @Schema(description = "The side that convened or requested the round (filter requestingSide)") String conveningSide,
    RoundStatus status,
    OffsetDateTime statusSince,
    @Schema(description = "The sides whose tasks are open, e.g. [\"CN\"]; empty when nobody is awaited") List<String> awaitedSides,
    boolean urgent,
    boolean leadersEndorsementRequired,
    String requestedHost,
    @Schema(description = "The agreed host; null until the arrangements are agreed") String host,
    String venue,
    LocalDate startDate,
    LocalDate endDate,
    String reason,
    OffsetDateTime createdAt,
    String createdBy,
    OffsetDateTime endedAt) {

  static RoundSummary of(Round round) {
    return new RoundSummary(
        round.id(),
        round.roundType(),
        round.level(),
        round.title(),
        round.conveningSide(),
        round.status(),
        round.statusSince(),
        sides(round.awaitedSides()),
        round.urgent(),
        round.leadersEndorsement(),
        round.requestedHost(),
        round.host(),
        round.venue(),
        round.startDate(),
        round.endDate(),
        round.reason(),
        round.createdAt(),
        round.createdBy(),
        round.endedAt());
  }

  /** {@code "CN,US"} as stored, as a list. */
  static List<String> sides(String stored) {
    return stored == null || stored.isBlank() ? List.of() : Arrays.stream(stored.split(",")).map(String::strip).toList();
  }
}
