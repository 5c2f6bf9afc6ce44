package org.tradeconsult.mechanism.statement;

import java.time.OffsetDateTime;

/**
 * A proposal to move ({@code proposedReleaseAt}) or cancel a scheduled release, as recorded when
 * it was made, and the other side's decision on it ({@code decision} null while pending).
 */
record ReleaseChange(
    long id,
    OffsetDateTime proposedReleaseAt,
    boolean cancel,
    String proposedBy,
    String reviewers,
    OffsetDateTime proposedAt,
    String decision,
    String decidedBy,
    OffsetDateTime decidedAt) {

  boolean agreed() {
    return "AGREE".equals(decision);
  }
}
