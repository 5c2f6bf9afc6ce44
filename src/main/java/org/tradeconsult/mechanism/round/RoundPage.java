package org.tradeconsult.mechanism.round;

import io.swagger.v3.oas.annotations.media.Schema;
import java.util.List;

/** One page of rounds. */
@Schema(name = "RoundPage")
record RoundPage(
    List<RoundSummary> items,
    @Schema(description = "0-based") int page,
    int size,
    @Schema(description = "How many rounds match the filters, over all pages") long total) {}
