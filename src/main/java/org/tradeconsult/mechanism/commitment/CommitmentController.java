package org.tradeconsult.mechanism.commitment;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.Parameters;
import io.swagger.v3.oas.annotations.enums.ParameterIn;
import io.swagger.v3.oas.annotations.media.ArraySchema;
import io.swagger.v3.oas.annotations.media.Schema;
import java.util.List;
import org.springframework.util.MultiValueMap;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** {@code /api/v1/commitments}: the agreed commitments, where each stands, and their periods. */
@RestController
@RequestMapping("/api/v1/commitments")
class CommitmentController {

  private final CommitmentQueries queries;

  CommitmentController(CommitmentQueries queries) {
    this.queries = queries;
  }

  /**
   * Filters, all optional: {@code side} (US, CN, BOTH) and {@code status} (one or several),
   * {@code dueBefore} / {@code dueAfter} (exclusive dates), {@code roundId}; {@code page} from 0,
   * {@code size} 1..200 (50). See {@link CommitmentQuery}.
   */
  @GetMapping
  @Operation(summary = "Find commitments", description = "Filters combine with AND; unknown parameters are refused (400).")
  @Parameters({
    @Parameter(name = CommitmentQuery.SIDE, in = ParameterIn.QUERY, description = "Owner side(s)",
        array = @ArraySchema(schema = @Schema(implementation = OwnerSide.class))),
    @Parameter(name = CommitmentQuery.STATUS, in = ParameterIn.QUERY,
        array = @ArraySchema(schema = @Schema(implementation = CommitmentStatus.class))),
    @Parameter(name = CommitmentQuery.DUE_BEFORE, in = ParameterIn.QUERY, description = "Due before (exclusive)",
        schema = @Schema(format = "date")),
    @Parameter(name = CommitmentQuery.DUE_AFTER, in = ParameterIn.QUERY, description = "Due after (exclusive)",
        schema = @Schema(format = "date")),
    @Parameter(name = CommitmentQuery.ROUND_ID, in = ParameterIn.QUERY, description = "The round that agreed it"),
    @Parameter(name = CommitmentQuery.PAGE, in = ParameterIn.QUERY, description = "0-based",
        schema = @Schema(type = "integer", minimum = "0", defaultValue = "0")),
    @Parameter(name = CommitmentQuery.SIZE, in = ParameterIn.QUERY,
        schema = @Schema(type = "integer", minimum = "1", maximum = "200", defaultValue = "50"))
  })
  CommitmentPage list(@Parameter(hidden = true) @RequestParam MultiValueMap<String, String> parameters) {
    return queries.search(CommitmentQuery.parse(parameters));
  }

  @GetMapping("/{id}")
  CommitmentDetails get(@PathVariable String id) {
    return queries.details(id);
  }

  /** A commitment with the history of its statuses. */
  record CommitmentDetails(CommitmentView commitment, List<CommitmentStatusChange> statusHistory) {}
}
