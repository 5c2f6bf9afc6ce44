package org.tradeconsult.mechanism.round;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.StringJoiner;
import org.springframework.stereotype.Component;

/**
 * Writes rounds as an iCalendar feed (RFC 5545) that calendar applications can subscribe to:
 * one all-day event per round, from its first day to the day after its last (DTEND is exclusive).
 * Lines end in CRLF and are folded at 75 octets without splitting a UTF-8 character.
 */
@Component
class RoundCalendar {

  static final String PRODID = "-//TradeConsult//Consultation Mechanism//EN";
  /** UIDs are the round id at this domain, so that an event keeps its identity across downloads. */
  static final String UID_DOMAIN = "rounds.tradeconsult.org";

  private static final String CRLF = "\r\n";
  private static final int MAX_OCTETS = 75;
  private static final DateTimeFormatter DATE = DateTimeFormatter.BASIC_ISO_DATE;
  private static final DateTimeFormatter UTC_DATE_TIME = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);

  private final Clock clock;

  RoundCalendar(Clock clock) {
    this.clock = clock;
  }

  String write(List<Round> rounds) {
    String now = UTC_DATE_TIME.format(clock.instant());
    List<String> lines = new ArrayList<>();
    lines.add("BEGIN:VCALENDAR");
    lines.add("VERSION:2.0");
    lines.add("PRODID:" + PRODID);
    lines.add("CALSCALE:GREGORIAN");
    lines.add("X-WR-CALNAME:" + text("Consultation rounds / 经贸磋商"));
    for (Round round : rounds) {
      LocalDate start = round.startDate();
      LocalDate end = round.endDate() == null || round.endDate().isBefore(start) ? start : round.endDate();
      lines.add("BEGIN:VEVENT");
      lines.add("UID:" + round.id() + "@" + UID_DOMAIN);
      lines.add("DTSTAMP:" + now);
      lines.add("DTSTART;VALUE=DATE:" + DATE.format(start));
      lines.add("DTEND;VALUE=DATE:" + DATE.format(end.plusDays(1)));
      lines.add("SUMMARY:" + text(round.title()));
      String location = location(round);
      if (location != null) {
        lines.add("LOCATION:" + text(location));
      }
      lines.add("DESCRIPTION:" + text(description(round)));
      lines.add("CATEGORIES:" + text(round.level().name()) + "," + text(round.roundType().name()));
      lines.add("STATUS:" + (round.host() != null ? "CONFIRMED" : "TENTATIVE"));
      if (round.createdAt() != null) {
        lines.add("CREATED:" + UTC_DATE_TIME.format(round.createdAt()));
      }
      if (round.statusSince() != null) {
        lines.add("LAST-MODIFIED:" + UTC_DATE_TIME.format(round.statusSince()));
      }
      lines.add("END:VEVENT");
    }
    lines.add("END:VCALENDAR");
    StringBuilder out = new StringBuilder();
    lines.forEach(line -> out.append(fold(line)).append(CRLF));
    return out.toString();
  }

  /** The venue and the host: the agreed one, else the requested one. */
  private static String location(Round round) {
    String host = round.host() != null ? round.host() : round.requestedHost();
    StringJoiner location = new StringJoiner(", ");
    if (round.venue() != null) {
      location.add(round.venue());
    }
    if (host != null) {
      location.add(switch (host) {
        case "US" -> "United States";
        case "CN" -> "China";
        case "THIRD_COUNTRY" -> "third country";
        default -> host;
      });
    }
    return location.length() == 0 ? null : location.toString();
  }

  private static String description(Round round) {
    String text = round.level() + " round, " + (round.roundType() == RoundType.AD_HOC ? "requested" : "convened")
        + " by " + round.conveningSide() + "; status " + round.status() + " (round " + round.id() + ")";
    return round.reason() == null ? text : text + "\n" + round.reason();
  }

  /** TEXT escaping (RFC 5545 3.3.11); other control characters are not allowed in TEXT and are dropped. */
  static String text(String value) {
    StringBuilder escaped = new StringBuilder(value.length());
    String normalised = value.replace("\r\n", "\n").replace('\r', '\n');
    for (int i = 0; i < normalised.length(); i++) {
      char c = normalised.charAt(i);
      switch (c) {
        case '\\' -> escaped.append("\\\\");
        case ';' -> escaped.append("\\;");
        case ',' -> escaped.append("\\,");
        case '\n' -> escaped.append("\\n");
        default -> {
          if (c == '\t' || c >= 0x20 && c != 0x7F) {
            escaped.append(c);
          }
        }
      }
    }
    return escaped.toString();
  }

  /** Folds a content line into lines of at most 75 octets; each continuation starts with a space. */
  static String fold(String line) {
    StringBuilder folded = new StringBuilder(line.length() + 16);
    int octets = 0;
    int i = 0;
    while (i < line.length()) {
      int codePoint = line.codePointAt(i);
      int length = new String(Character.toChars(codePoint)).getBytes(StandardCharsets.UTF_8).length;
      if (octets + length > MAX_OCTETS) {
        folded.append(CRLF).append(' ');
        octets = 1;
      }
      folded.appendCodePoint(codePoint);
      octets += length;
      i += Character.charCount(codePoint);
    }
    return folded.toString();
  }
}
