package org.tradeconsult.mechanism.dashboard;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.springframework.stereotype.Component;
import org.tradeconsult.mechanism.commitment.CommitmentStatus;
import org.tradeconsult.mechanism.identity.Side;
import org.tradeconsult.mechanism.round.RoundLevel;
import org.tradeconsult.mechanism.round.RoundStatus;

/**
 * The mechanism's numbers for Prometheus ({@code /actuator/prometheus}). They are read from the
 * database, not counted in memory: every node of a cluster reports the same values and a restart
 * loses nothing, so dashboards aggregate them with {@code max}, never {@code sum}. The "counters"
 * are totals of what the database has recorded (co-lead decisions in the audit trail, released
 * statements, declined and lapsed requests), so they only grow.
 *
 * <p>One scrape reads a snapshot of a few grouped counts at most every {@link #MAX_AGE}.
 */
@Component
class MechanismMetrics implements MeterBinder {

  static final Duration MAX_AGE = Duration.ofSeconds(10);

  private final DashboardRepository repository;
  private final StatusCounts counts;
  private final Clock clock;
  private volatile Snapshot snapshot;

  MechanismMetrics(DashboardRepository repository, StatusCounts counts, Clock clock) {
    this.repository = repository;
    this.counts = counts;
    this.clock = clock;
  }

  record Snapshot(
      Instant takenAt,
      Map<String, Long> rounds,
      Map<String, Long> openTasks,
      Map<String, Double> oldestWaitSeconds,
      Map<String, Long> commitments,
      Map<String, Long> decisions,
      long statementsReleased) {

    long rounds(RoundStatus status, RoundLevel level) {
      return rounds.getOrDefault(status + "/" + level, 0L);
    }
  }

  @Override
  public void bindTo(MeterRegistry registry) {
    for (RoundStatus status : RoundStatus.values()) {
      for (RoundLevel level : RoundLevel.values()) {
        Gauge.builder("mechanism.rounds", this, m -> m.current().rounds(status, level))
            .description("Consultation rounds by status and level")
            .tags("status", status.name(), "level", level.name())
            .register(registry);
      }
    }
    for (Side side : Side.values()) {
      Gauge.builder("mechanism.open.tasks", this, m -> m.current().openTasks().getOrDefault(side.name(), 0L))
          .description("Open tasks of rounds offered to this side")
          .tags("side", side.name())
          .register(registry);
      Gauge.builder("mechanism.oldest.wait", this, m -> m.current().oldestWaitSeconds().getOrDefault(side.name(), 0.0))
          .description("How long the oldest open task of this side has waited (0 when none)")
          .baseUnit("seconds")
          .tags("side", side.name())
          .register(registry);
      for (String decision : List.of("APPROVE", "REJECT")) {
        FunctionCounter.builder("mechanism.co.lead.decisions", this,
                m -> m.current().decisions().getOrDefault(decision + "/" + side.name(), 0L))
            .description("Co-lead decisions on round outcomes recorded so far")
            .tags("side", side.name(), "decision", decision)
            .register(registry);
      }
    }
    for (CommitmentStatus status : CommitmentStatus.values()) {
      Gauge.builder("mechanism.commitments", this, m -> m.current().commitments().getOrDefault(status.name(), 0L))
          .description("Commitments by status")
          .tags("status", status.name())
          .register(registry);
    }
    FunctionCounter.builder("mechanism.statements.released", this, m -> m.current().statementsReleased())
        .description("Joint statements released so far")
        .register(registry);
    for (RoundStatus outcome : List.of(RoundStatus.DECLINED, RoundStatus.LAPSED)) {
      FunctionCounter.builder("mechanism.round.requests.ended", this,
              m -> m.current().rounds().entrySet().stream()
                  .filter(e -> e.getKey().startsWith(outcome.name() + "/")).mapToLong(Map.Entry::getValue).sum())
          .description("Ad-hoc round requests that ended without a round")
          .tags("outcome", outcome.name())
          .register(registry);
    }
  }

  Snapshot current() {
    Snapshot taken = snapshot;
    Instant now = clock.instant();
    if (taken == null || taken.takenAt().plus(MAX_AGE).isBefore(now)) {
      synchronized (this) {
        taken = snapshot;
        if (taken == null || taken.takenAt().plus(MAX_AGE).isBefore(now)) {
          snapshot = taken = take(now);
        }
      }
    }
    return taken;
  }

  /** Forgets the snapshot: the next scrape reads the database again. */
  void expire() {
    snapshot = null;
  }

  private Snapshot take(Instant now) {
    Map<String, Long> rounds = counts.rounds();
    Map<String, Long> openTasks = new HashMap<>();
    Map<String, Double> oldest = new HashMap<>();
    for (DashboardRepository.OldestRow row : repository.openTasksBySidesAndRole()) {
      double waited = Math.max(0, Duration.between(row.oldestSince().toInstant(), now).toMillis() / 1000.0);
      for (String side : row.sides().split(",")) {
        openTasks.merge(side, row.openTasks(), Long::sum);
        oldest.merge(side, waited, Math::max);
      }
    }
    return new Snapshot(now, rounds, openTasks, oldest, counts.commitments(), counts.coLeadDecisions(), counts.statementsReleased());
  }
}
