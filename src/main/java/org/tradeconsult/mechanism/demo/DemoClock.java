package org.tradeconsult.mechanism.demo;

import java.time.Clock;
import java.time.Instant;
import org.camunda.bpm.engine.impl.util.ClockUtil;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.stereotype.Component;

/**
 * The demo's hand on time: the engine's clock, which the service's {@link Clock} follows when
 * {@code mechanism.demo.clock=true}. Moving it moves both at once: timers fall due, statuses are
 * stamped, dates are checked against the moved "today". The offset is the JVM's (one node only).
 */
@Component
@ConditionalOnProperty(name = "mechanism.demo.clock", havingValue = "true")
class DemoClock {

  private final Clock clock;

  DemoClock(Clock clock) {
    this.clock = clock;
  }

  /** From now on, the time is {@code instant} (and runs on from there). */
  void travelTo(Instant instant) {
    ClockUtil.offset(instant.toEpochMilli() - System.currentTimeMillis());
  }

  /** Back to the real time. */
  void backToNow() {
    ClockUtil.reset();
  }

  Instant now() {
    return clock.instant();
  }
}
