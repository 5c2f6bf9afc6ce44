package org.tradeconsult.mechanism.round;

import java.time.Period;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The schedule of regular rounds (Phase One agreement, ch. 7: principals semi-annually, deputies
 * quarterly, working level monthly). The schedule process checks once a day.
 *
 * @param enabled whether the schedule convenes rounds at all (off in the demo profile)
 * @param principal interval between regular principal rounds; empty to convene none
 * @param deputy interval between regular deputy rounds; empty to convene none
 * @param working interval between regular working-level rounds; empty to convene none
 * @param leadTime how far ahead of the convening day the proposed start date lies
 */
@ConfigurationProperties("mechanism.cadence")
public record CadenceProperties(
    @DefaultValue("true") boolean enabled,
    @DefaultValue("P6M") Period principal,
    @DefaultValue("P3M") Period deputy,
    @DefaultValue("P1M") Period working,
    @DefaultValue("P30D") Period leadTime) {

  Period intervalOf(RoundLevel level) {
    return switch (level) {
      case PRINCIPAL -> principal;
      case DEPUTY -> deputy;
      case WORKING -> working;
    };
  }
}
