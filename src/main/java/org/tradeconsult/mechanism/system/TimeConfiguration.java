package org.tradeconsult.mechanism.system;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import org.camunda.bpm.engine.impl.util.ClockUtil;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * One clock for the whole service, in UTC, so that tests can fix it and instants never drift.
 *
 * <p>With {@code mechanism.demo.clock=true} (the {@code demo} profile only) the service reads the
 * engine's clock ({@link ClockUtil}), the one its timers and job executor use: the demo can then
 * move time for both at once — to seed its rounds in the past, or for a training session that
 * goes through a month of the mechanism in an hour. Elsewhere it is the system clock.
 */
@Configuration(proxyBeanMethods = false)
class TimeConfiguration {

  @Bean
  Clock clock(@Value("${mechanism.demo.clock:false}") boolean followEngine) {
    return followEngine ? new EngineClock(ZoneOffset.UTC) : Clock.systemUTC();
  }

  /** Camunda's clock as a {@link Clock}: the system time plus whatever offset the engine's clock has. */
  static final class EngineClock extends Clock {

    private final ZoneId zone;

    EngineClock(ZoneId zone) {
      this.zone = zone;
    }

    @Override
    public ZoneId getZone() {
      return zone;
    }

    @Override
    public Clock withZone(ZoneId otherZone) {
      return new EngineClock(otherZone);
    }

    @Override
    public Instant instant() {
      return ClockUtil.now().toInstant();
    }
  }
}
