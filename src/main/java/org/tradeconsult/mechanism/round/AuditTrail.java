package org.tradeconsult.mechanism.round;

import io.swagger.v3.oas.annotations.media.Schema;
import java.time.OffsetDateTime;
import java.util.List;

/** Who did what to a round, its joint statement and its commitments, and when: one page, oldest first. */
record AuditTrail(
    String roundId,
    List<Entry> items,
    @Schema(description = "0-based") int page,
    int size,
    long total) {

  /**
   * One event of the audit trail.
   *
   * @param details what the event concerns (a reason, a digest, a date); for the joint statement
   *     shown only to secretariats and co-leads, because review comments may quote embargoed text
   */
  record Entry(
      long id,
      OffsetDateTime occurredAt,
      String actor,
      String action,
      @Schema(allowableValues = {"round", "statement", "commitment"}) String subjectType,
      String subjectId,
      String details) {}
}
