package org.tradeconsult.mechanism.round;

import java.time.OffsetDateTime;

/** One entry of a round's status history. */
public record StatusChange(RoundStatus status, OffsetDateTime changedAt, String changedBy) {}
