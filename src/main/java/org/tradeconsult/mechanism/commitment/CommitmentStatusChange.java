package org.tradeconsult.mechanism.commitment;

import java.time.OffsetDateTime;

/** One entry of a commitment's status history. */
public record CommitmentStatusChange(CommitmentStatus status, OffsetDateTime changedAt, String changedBy) {}
