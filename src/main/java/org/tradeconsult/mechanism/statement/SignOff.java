package org.tradeconsult.mechanism.statement;

import java.time.OffsetDateTime;

/** A co-lead's sign-off (or request for revision) of the texts with this digest. */
public record SignOff(
    String side, String decision, String digest, OffsetDateTime releaseAt, String signedBy, OffsetDateTime signedAt, boolean isVoid) {}
