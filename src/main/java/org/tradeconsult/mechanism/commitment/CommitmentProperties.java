package org.tradeconsult.mechanism.commitment;

import java.time.Period;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * When the follow-up of a commitment asks people to act.
 *
 * @param reminderLeadTime how long before the due date the owner side's secretariat is asked to confirm the implementation
 * @param periodReviewLeadTime how long before a period ends the owner side's secretariat is asked to extend it or let it lapse
 */
@ConfigurationProperties("mechanism.commitment")
public record CommitmentProperties(
    @DefaultValue("P7D") Period reminderLeadTime, @DefaultValue("P30D") Period periodReviewLeadTime) {

  public CommitmentProperties {
    if (reminderLeadTime.isNegative() || periodReviewLeadTime.isNegative()) {
      throw new IllegalArgumentException("mechanism.commitment lead times must not be negative");
    }
  }
}
