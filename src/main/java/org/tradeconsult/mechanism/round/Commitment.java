package org.tradeconsult.mechanism.round;

import java.time.LocalDate;

/** A commitment reached in a session: who must do what by when, over which period. */
public record Commitment(
    String id,
    String roundId,
    int sessionNo,
    String ownerSide,
    String action,
    LocalDate dueDate,
    LocalDate periodStart,
    LocalDate periodEnd,
    String status) {}
