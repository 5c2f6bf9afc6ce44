package org.tradeconsult.mechanism.round;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.Period;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.variable.Variables;
import org.springframework.stereotype.Service;
import org.tradeconsult.mechanism.identity.Side;

/**
 * Convenes regular rounds when they fall due. Called by the timer of the {@code
 * regular-round-schedule} process, which fires on one node only, so two nodes never convene the
 * same round twice.
 */
@Service
public class CadenceService {

  private final CadenceProperties properties;
  private final RoundService rounds;
  private final RuntimeService runtimeService;
  private final Clock clock;

  CadenceService(CadenceProperties properties, RoundService rounds, RuntimeService runtimeService, Clock clock) {
    this.properties = properties;
    this.rounds = rounds;
    this.runtimeService = runtimeService;
    this.clock = clock;
  }

  /** Starts a round for every level whose interval has passed; returns the levels convened. */
  public List<RoundLevel> conveneDueRounds() {
    List<RoundLevel> convened = new ArrayList<>();
    if (!properties.enabled()) {
      return convened;
    }
    Instant now = clock.instant();
    Map<RoundLevel, Optional<Instant>> latest = rounds.latestRegularRounds();
    for (RoundLevel level : RoundLevel.values()) {
      Period interval = properties.intervalOf(level);
      if (interval == null || interval.isZero()) {
        continue;
      }
      if (isDue(latest.get(level), interval, now)) {
        convene(level, now);
        convened.add(level);
      }
    }
    return convened;
  }

  /** Due when no regular round of the level exists, or the interval since the latest has passed. */
  static boolean isDue(Optional<Instant> lastRegularRound, Period interval, Instant now) {
    return lastRegularRound.isEmpty() || !lastRegularRound.get().atOffset(ZoneOffset.UTC).plus(interval).toInstant().isAfter(now);
  }

  private void convene(RoundLevel level, Instant now) {
    LocalDate start = LocalDate.ofInstant(now, ZoneOffset.UTC).plus(properties.leadTime());
    // The side that convenes alternates, starting with the United States.
    Side side = rounds.latestRegularConveningSide(level).map(Side::counterpart).orElse(Side.US);
    String title = "Regular " + level.name().toLowerCase(Locale.ROOT) + " round, " + start.getYear() + "-"
        + String.format("%02d", start.getMonthValue());
    runtimeService.startProcessInstanceByKey(
        RoundProcess.KEY,
        Variables.createVariables()
            .putValue(RoundVariables.LEVEL, level.name())
            .putValue(RoundVariables.TITLE, title)
            .putValue(RoundVariables.CONVENING_SIDE, side.name())
            .putValue(RoundVariables.START_DATE, start.toString())
            .putValue(RoundVariables.END_DATE, start.plusDays(1).toString()));
  }
}
