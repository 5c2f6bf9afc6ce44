package org.tradeconsult.mechanism.commitment;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.Parameters;
import io.swagger.v3.oas.annotations.enums.ParameterIn;
import io.swagger.v3.oas.annotations.extensions.Extension;
import io.swagger.v3.oas.annotations.extensions.ExtensionProperty;
import io.swagger.v3.oas.annotations.media.ArraySchema;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.util.List;
import org.springframework.util.MultiValueMap;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.tradeconsult.mechanism.round.ApiDocumentation;

/** {@code /api/v1/commitments}: the agreed commitments, where each stands, and their periods. */
@RestController
@RequestMapping("/api/v1/commitments")
@Tag(name = "Commitments", description = "The agreed commitments, where each stands, and their periods")
class CommitmentController {

  static final String ROUND_ID_EXAMPLE = "R-20270315-K7Q2XM";

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
  @Operation(summary = "Find commitments", description = "Filters combine with AND; unknown parameters are refused (400).",
      responses = {
        @ApiResponse(responseCode = "200", description = "One page of commitments"),
        @ApiResponse(responseCode = "400", description = "An unknown parameter, an unknown code, a date or number that does not parse"),
        @ApiResponse(responseCode = "403", description = "Only members of the mechanism's groups may read commitments")
      })
  @Parameters({
    @Parameter(name = CommitmentQuery.SIDE, in = ParameterIn.QUERY, description = "Owner side(s)",
        array = @ArraySchema(schema = @Schema(implementation = OwnerSide.class))),
    @Parameter(name = CommitmentQuery.STATUS, in = ParameterIn.QUERY,
        array = @ArraySchema(schema = @Schema(implementation = CommitmentStatus.class))),
    @Parameter(name = CommitmentQuery.DUE_BEFORE, in = ParameterIn.QUERY, description = "Due before (exclusive)",
        schema = @Schema(format = "date")),
    @Parameter(name = CommitmentQuery.DUE_AFTER, in = ParameterIn.QUERY, description = "Due after (exclusive)",
        schema = @Schema(format = "date")),
    @Parameter(name = CommitmentQuery.ROUND_ID, in = ParameterIn.QUERY, description = "The round that agreed it",
        schema = @Schema(type = "string"), example = ROUND_ID_EXAMPLE),
    @Parameter(name = CommitmentQuery.PAGE, in = ParameterIn.QUERY, description = "0-based",
        schema = @Schema(type = "integer", minimum = "0", defaultValue = "0")),
    @Parameter(name = CommitmentQuery.SIZE, in = ParameterIn.QUERY,
        schema = @Schema(type = "integer", minimum = "1", maximum = "200", defaultValue = "50"))
  })
  CommitmentPage list(@Parameter(hidden = true) @RequestParam MultiValueMap<String, String> parameters) {
    return queries.search(CommitmentQuery.parse(parameters));
  }

  @GetMapping("/{id}")
  @Operation(summary = "A commitment with the history of its statuses",
      responses = {
        @ApiResponse(responseCode = "200", description = "The commitment"),
        @ApiResponse(responseCode = "403", description = "Only members of the mechanism's groups may read commitments"),
        @ApiResponse(responseCode = "404", description = "No agreed commitment with this id")
      },
      extensions = @Extension(name = ApiDocumentation.NO_BAD_REQUEST, properties = @ExtensionProperty(
          name = "reason", value = "The id is its only input: an unknown one answers 404")))
  CommitmentDetails get(@Parameter(example = ROUND_ID_EXAMPLE + "-S1-C1") @PathVariable String id) {
    return queries.details(id);
  }

  /** A commitment with the history of its statuses. */
  record CommitmentDetails(CommitmentView commitment, List<CommitmentStatusChange> statusHistory) {}
}
