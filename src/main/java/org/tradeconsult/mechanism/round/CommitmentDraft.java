package org.tradeconsult.mechanism.round;

import java.time.LocalDate;

/** A commitment as recorded in a session, before it has an id. */
record CommitmentDraft(String ownerSide, String action, LocalDate dueDate, LocalDate periodStart, LocalDate periodEnd) {}
