package org.tradeconsult.mechanism.round;

import java.net.http.HttpResponse;
import java.time.LocalDate;
import org.tradeconsult.mechanism.support.Http;
import org.tradeconsult.mechanism.support.RoundDriver;

/** Bodies and calls of {@code /api/v1/rounds} that the API tests share. */
final class RoundApiRequests {

  static final String ROUNDS = "/api/v1/rounds";
  static final LocalDate START = RoundDriver.START;

  private RoundApiRequests() {}

  /** A valid body to convene a round with this title (level DEPUTY unless given). */
  static String convene(String title) {
    return convene(title, "DEPUTY", START, START.plusDays(1));
  }

  static String convene(String title, String level, LocalDate start, LocalDate end) {
    return """
        {"type": "REGULAR", "level": "%s", "title": "%s", "startDate": "%s", "endDate": "%s",
         "requestedHost": "US", "venue": "Washington", "topics": ["TARIFFS", "EXPORT_CONTROLS"]}
        """.formatted(level, title, start, end);
  }

  static String request(String side, String reason) {
    return """
        {"type": "AD_HOC", "requestingSide": "%s", "reason": "%s", "urgent": true, "topics": ["EXPORT_CONTROLS"]}
        """.formatted(side, reason);
  }

  static HttpResponse<String> post(Http http, String user, String body) {
    return post(http, user, body, null);
  }

  static HttpResponse<String> post(Http http, String user, String body, String idempotencyKey) {
    return http.postJson(ROUNDS, user, body, idempotencyKey);
  }
}
