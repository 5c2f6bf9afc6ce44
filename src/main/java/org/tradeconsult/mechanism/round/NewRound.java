package org.tradeconsult.mechanism.round;

import java.time.LocalDate;
import java.util.List;
import org.tradeconsult.mechanism.identity.Side;

/** A round as convened or requested, checked and ready to be registered. */
public record NewRound(
    RoundLevel level,
    RoundType type,
    String title,
    Side conveningSide,
    String reason,
    boolean urgent,
    boolean leadersEndorsementRequired,
    Host requestedHost,
    String venue,
    LocalDate startDate,
    LocalDate endDate,
    List<String> topics) {}
