package org.tradeconsult.mechanism.commitment;

import java.time.LocalDate;
import java.time.OffsetDateTime;

/** One period of a commitment: seq 1 as agreed, one more for each extension. */
public record CommitmentPeriod(int seq, LocalDate startDate, LocalDate endDate, String recordedBy, OffsetDateTime recordedAt) {}
