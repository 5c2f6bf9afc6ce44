package org.tradeconsult.mechanism.commitment;

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
  CommitmentPage list(@RequestParam MultiValueMap<String, String> parameters) {
    return queries.search(CommitmentQuery.parse(parameters));
  }

  @GetMapping("/{id}")
  CommitmentDetails get(@PathVariable String id) {
    return queries.details(id);
  }

  /** A commitment with the history of its statuses. */
  record CommitmentDetails(CommitmentView commitment, List<CommitmentStatusChange> statusHistory) {}
}
