package org.tradeconsult.mechanism.demo;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import org.camunda.bpm.engine.impl.util.ClockUtil;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;
import org.tradeconsult.mechanism.audit.AuditLog;

/**
 * The demo's hand on time: the engine's clock, which the service's {@link Clock} follows when
 * {@code mechanism.demo.clock=true}. Moving it moves both at once: timers fall due, statuses are
 * stamped, dates are checked against the moved "today".
 *
 * <p>Two uses: the demo rounds are seeded on the days they happened (the clock goes back for the
 * seeding, then returns), and an administrator moves the time forward for a training session
 * ({@link #advance}: forward only, audited, kept in {@code demo_clock} so that a restart does not
 * go back in time). The offset is the JVM's: the demo runs one node.
 */
@Component
@ConditionalOnProperty(name = "mechanism.demo.clock", havingValue = "true")
class DemoClock {

  static final Duration MIN_STEP = Duration.ofMinutes(1);
  static final Duration MAX_STEP = Duration.ofDays(366);

  private static final Logger LOG = LoggerFactory.getLogger(DemoClock.class);

  private final Clock clock;
  private final JdbcClient jdbc;
  private final AuditLog audit;

  DemoClock(Clock clock, JdbcClient jdbc, AuditLog audit) {
    this.clock = clock;
    this.jdbc = jdbc;
    this.audit = audit;
  }

  /** At start-up, before anything else reads the time: the time as far as it was moved. */
  @EventListener(ApplicationReadyEvent.class)
  @Order(Ordered.HIGHEST_PRECEDENCE)
  void restore() {
    backToNow();
    Duration offset = offset();
    if (!offset.isZero()) {
      LOG.info("MECH-DEMO-001 the demo clock runs {} ahead of the real time", offset);
    }
  }

  /** From now on, the time is {@code instant} (and runs on from there); for seeding only. */
  void travelTo(Instant instant) {
    ClockUtil.offset(instant.toEpochMilli() - System.currentTimeMillis());
  }

  /** Back to the demo's present: the real time plus what administrators moved it forward. */
  void backToNow() {
    long offset = offset().toMillis();
    if (offset == 0) {
      ClockUtil.reset();
    } else {
      ClockUtil.offset(offset);
    }
  }

  Instant now() {
    return clock.instant();
  }

  /** How far administrators have moved the time forward. */
  Duration offset() {
    return Duration.ofMillis(jdbc.sql("select offset_millis from demo_clock where id = 1")
        .query(Long.class).optional().orElse(0L));
  }

  /** Moves the time forward by {@code step}, for everything at once; kept and audited. */
  @Transactional
  Duration advance(Duration step, String by) {
    Duration offset = offset().plus(step);
    int updated = jdbc.sql("update demo_clock set offset_millis = :offset, changed_at = :at, changed_by = :by where id = 1")
        .param("offset", offset.toMillis()).param("at", java.sql.Timestamp.from(Instant.now())).param("by", by).update();
    if (updated == 0) {
      jdbc.sql("insert into demo_clock (id, offset_millis, changed_at, changed_by) values (1, :offset, :at, :by)")
          .param("offset", offset.toMillis()).param("at", java.sql.Timestamp.from(Instant.now())).param("by", by).update();
    }
    audit.record(by, "CLOCK_ADVANCED", "DEMO_CLOCK", "demo", "by " + step + ", now " + offset + " ahead of the real time");
    ClockUtil.offset(offset.toMillis());
    LOG.info("MECH-DEMO-002 {} moved the demo clock forward by {}: now {} ahead", by, step, offset);
    return offset;
  }
}
