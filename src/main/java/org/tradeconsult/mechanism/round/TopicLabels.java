package org.tradeconsult.mechanism.round;

import java.util.Locale;
import java.util.Map;

/** Bilingual labels of the standard agenda topics; a configured topic without one shows its code. */
final class TopicLabels {

  private static final Map<String, String> LABELS =
      Map.of(
          "TARIFFS", "Tariffs / 关税",
          "TRADE_DEFICIT", "Trade deficit / 贸易逆差",
          "NON_TARIFF_BARRIERS", "Non-tariff barriers / 非关税壁垒",
          "INDUSTRIAL_POLICY", "Industrial policy / 产业政策",
          "INTELLECTUAL_PROPERTY", "Intellectual property / 知识产权",
          "SUPPLY_CHAIN_SECURITY", "Supply-chain security / 供应链安全",
          "FENTANYL_LAW_ENFORCEMENT", "Fentanyl, law enforcement / 芬太尼与执法合作",
          "EXPORT_CONTROLS", "Export controls / 出口管制",
          "INVESTMENT", "Investment / 投资",
          "OTHER", "Other / 其他");

  private TopicLabels() {}

  static String label(String topic) {
    return LABELS.getOrDefault(topic, topic.replace('_', ' ').toLowerCase(Locale.ROOT));
  }
}
