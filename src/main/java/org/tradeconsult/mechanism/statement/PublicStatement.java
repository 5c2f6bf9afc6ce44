package org.tradeconsult.mechanism.statement;

import java.time.OffsetDateTime;

/**
 * A released statement as the public sees it: a joint statement (both texts and their digest)
 * or one side's readout (its text, marked with the side).
 */
public record PublicStatement(
    String id,
    String kind,
    String roundId,
    String title,
    String textEn,
    String textZh,
    String text,
    String side,
    String digest,
    OffsetDateTime releaseAt,
    OffsetDateTime releasedAt) {}
