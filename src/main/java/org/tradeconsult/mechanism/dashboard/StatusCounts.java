package org.tradeconsult.mechanism.dashboard;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.springframework.stereotype.Component;
import org.tradeconsult.mechanism.commitment.CommitmentStatus;
import org.tradeconsult.mechanism.round.RoundStatus;

/**
 * Counts of rounds and commitments by status, of co-lead decisions and of released statements,
 * in time that does not grow with the years of history.
 *
 * <p>What has ended never changes: a round or commitment in a final status stays there with its
 * {@code ended_at}, an audit event or a release is never undone. So the counts of everything
 * that ended before a settled instant are read once and kept ({@link #REFRESH} at most), and each
 * read adds, through indexes, only what is still open and what ended after that instant. The
 * settled instant lies {@link #SETTLED} before the moment the kept counts were read: longer than
 * any transaction runs and than the clocks of two nodes differ, so no row that commits later can
 * carry an earlier instant. If the clock goes back (tests), the kept counts are read again.
 */
@Component
class StatusCounts {

  static final Duration SETTLED = Duration.ofMinutes(5);
  static final Duration REFRESH = Duration.ofMinutes(10);

  static final List<String> ACTIVE_ROUNDS =
      Arrays.stream(RoundStatus.values()).filter(s -> !s.isTerminal()).map(Enum::name).toList();
  /** Commitments still followed; PROPOSED ones await the co-leads' approval of their round. */
  static final List<String> OPEN_COMMITMENTS = Stream.concat(Stream.of("PROPOSED"),
      Arrays.stream(CommitmentStatus.values()).filter(s -> !s.isTerminal()).map(Enum::name)).toList();

  private final DashboardRepository repository;
  private final Clock clock;
  private volatile Kept kept;

  StatusCounts(DashboardRepository repository, Clock clock) {
    this.repository = repository;
    this.clock = clock;
  }

  /** Everything counted up to the settled instant {@code upTo}, read at {@code readAt}. */
  record Kept(Instant readAt, Instant upTo, Map<String, Long> rounds, Map<String, Long> commitments,
      Map<String, Long> decisions, long released) {}

  /** Every round, keyed {@code STATUS/LEVEL}. */
  Map<String, Long> rounds() {
    Kept base = kept();
    Map<String, Long> counts = new HashMap<>(base.rounds());
    repository.roundsIn(ACTIVE_ROUNDS).forEach(c -> counts.merge(c.status() + "/" + c.level(), c.count(), Long::sum));
    repository.roundsEndedAfter(base.upTo()).forEach(c -> counts.merge(c.status() + "/" + c.level(), c.count(), Long::sum));
    return counts;
  }

  /** Every commitment, keyed by status. */
  Map<String, Long> commitments() {
    Kept base = kept();
    Map<String, Long> counts = new HashMap<>(base.commitments());
    repository.commitmentsIn(OPEN_COMMITMENTS).forEach(c -> counts.merge(c.status(), c.count(), Long::sum));
    repository.commitmentsEndedAfter(base.upTo()).forEach(c -> counts.merge(c.status(), c.count(), Long::sum));
    return counts;
  }

  /** Co-lead decisions on outcomes, keyed {@code APPROVE/US}, {@code REJECT/CN}… */
  Map<String, Long> coLeadDecisions() {
    Kept base = kept();
    Map<String, Long> counts = new HashMap<>(base.decisions());
    repository.coLeadDecisions(base.upTo(), null).forEach(c -> counts.merge(decision(c), c.count(), Long::sum));
    return counts;
  }

  long statementsReleased() {
    Kept base = kept();
    return base.released() + repository.statementsReleased(base.upTo(), null);
  }

  /** Forgets the kept counts (a test that rewrites history; nothing in the service does). */
  void forget() {
    kept = null;
  }

  private Kept kept() {
    Instant now = clock.instant();
    Kept current = kept;
    if (current == null || now.isBefore(current.readAt()) || now.isAfter(current.readAt().plus(REFRESH))) {
      synchronized (this) {
        current = kept;
        if (current == null || now.isBefore(current.readAt()) || now.isAfter(current.readAt().plus(REFRESH))) {
          kept = current = read(now);
        }
      }
    }
    return current;
  }

  private Kept read(Instant now) {
    Instant upTo = now.minus(SETTLED);
    Map<String, Long> rounds = new HashMap<>();
    repository.roundsEndedUpTo(upTo).forEach(c -> rounds.merge(c.status() + "/" + c.level(), c.count(), Long::sum));
    Map<String, Long> commitments = new HashMap<>();
    repository.commitmentsEndedUpTo(upTo).forEach(c -> commitments.merge(c.status(), c.count(), Long::sum));
    Map<String, Long> decisions = new HashMap<>();
    repository.coLeadDecisions(null, upTo).forEach(c -> decisions.merge(decision(c), c.count(), Long::sum));
    return new Kept(now, upTo, rounds, commitments, decisions, repository.statementsReleased(null, upTo));
  }

  private static String decision(DashboardRepository.Count c) {
    return ("OUTCOME_APPROVED".equals(c.status()) ? "APPROVE" : "REJECT") + "/" + c.level();
  }
}
