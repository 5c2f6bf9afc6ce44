package org.tradeconsult.mechanism.round;

import java.time.Duration;
import java.time.Period;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Rules of a consultation round that the two sides may agree to change. Defaults follow the
 * domain brief (WTO DSU Art. 4 for response windows).
 *
 * @param responseWindow how long the counterpart has to answer an ad-hoc request
 * @param urgentResponseWindow the same for an urgent request
 * @param escalationWindow how long the co-leads have to decide an unanswered request
 * @param maxRejections after this many rejected outcomes the round ends without agreement
 * @param endorsementReminder how often the secretariats are reminded of a pending endorsement
 * @param topics the catalogue of agenda topics
 */
@ConfigurationProperties("mechanism.round")
public record RoundProperties(
    @DefaultValue("P10D") Period responseWindow,
    @DefaultValue("P5D") Period urgentResponseWindow,
    @DefaultValue("P5D") Period escalationWindow,
    @DefaultValue("3") int maxRejections,
    @DefaultValue("P7D") Duration endorsementReminder,
    @DefaultValue({
          "TARIFFS",
          "TRADE_DEFICIT",
          "NON_TARIFF_BARRIERS",
          "INDUSTRIAL_POLICY",
          "INTELLECTUAL_PROPERTY",
          "SUPPLY_CHAIN_SECURITY",
          "FENTANYL_LAW_ENFORCEMENT",
          "EXPORT_CONTROLS",
          "INVESTMENT",
          "OTHER"
        })
        List<String> topics) {

  public RoundProperties {
    if (maxRejections < 1) {
      throw new IllegalArgumentException("mechanism.round.max-rejections must be at least 1");
    }
    topics = List.copyOf(topics);
  }
}
