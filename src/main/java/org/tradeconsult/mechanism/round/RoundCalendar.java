package org.tradeconsult.mechanism.round;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.StringJoiner;
import net.fortuna.ical4j.model.Calendar;
import net.fortuna.ical4j.model.TextList;
import net.fortuna.ical4j.model.component.VEvent;
import net.fortuna.ical4j.model.property.Categories;
import net.fortuna.ical4j.model.property.Created;
import net.fortuna.ical4j.model.property.Description;
import net.fortuna.ical4j.model.property.DtEnd;
import net.fortuna.ical4j.model.property.DtStamp;
import net.fortuna.ical4j.model.property.DtStart;
import net.fortuna.ical4j.model.property.LastModified;
import net.fortuna.ical4j.model.property.Location;
import net.fortuna.ical4j.model.property.ProdId;
import net.fortuna.ical4j.model.property.Summary;
import net.fortuna.ical4j.model.property.Uid;
import net.fortuna.ical4j.model.property.XProperty;
import net.fortuna.ical4j.model.property.immutable.ImmutableCalScale;
import net.fortuna.ical4j.model.property.immutable.ImmutableStatus;
import net.fortuna.ical4j.model.property.immutable.ImmutableVersion;
import org.springframework.stereotype.Component;
import org.tradeconsult.mechanism.validation.PlainText;

/**
 * Writes rounds as an iCalendar feed (RFC 5545) that calendar applications can subscribe to:
 * one all-day event per round, from its first day to the day after its last (DTEND is exclusive).
 * The calendar is built and its TEXT values escaped by ical4j; every text is made
 * {@link PlainText#printable printable} first, since ical4j writes control characters as they
 * are. Lines end in CRLF and are folded here at 75 octets: ical4j folds at 75 characters, which
 * is up to 225 octets of Chinese.
 */
@Component
class RoundCalendar {

  static final String PRODID = "-//TradeConsult//Consultation Mechanism//EN";
  /** UIDs are the round id at this domain, so that an event keeps its identity across downloads. */
  static final String UID_DOMAIN = "rounds.tradeconsult.org";

  private static final String CRLF = "\r\n";
  private static final int MAX_OCTETS = 75;

  private final Clock clock;

  RoundCalendar(Clock clock) {
    this.clock = clock;
  }

  String write(List<Round> rounds) {
    Instant now = clock.instant();
    Calendar calendar = new Calendar()
        .<Calendar>add(new ProdId(PRODID))
        .<Calendar>add(ImmutableVersion.VERSION_2_0)
        .<Calendar>add(ImmutableCalScale.GREGORIAN)
        .add(new XProperty("X-WR-CALNAME", "Consultation rounds / 经贸磋商"));
    for (Round round : rounds) {
      calendar.add(event(round, now));
    }
    StringBuilder out = new StringBuilder();
    for (String line : calendar.toString().split(CRLF)) {
      out.append(fold(line)).append(CRLF);
    }
    return out.toString();
  }

  private static VEvent event(Round round, Instant now) {
    LocalDate start = round.startDate();
    LocalDate end = round.endDate() == null || round.endDate().isBefore(start) ? start : round.endDate();
    VEvent event = new VEvent(false)
        .<VEvent>add(new Uid(round.id() + "@" + UID_DOMAIN))
        .<VEvent>add(new DtStamp(now))
        .<VEvent>add(new DtStart<>(start))
        .<VEvent>add(new DtEnd<>(end.plusDays(1)))
        .add(new Summary(PlainText.printable(round.title())));
    String location = location(round);
    if (location != null) {
      event.add(new Location(PlainText.printable(location)));
    }
    event.add(new Description(PlainText.printable(description(round))));
    event.add(new Categories(new TextList(round.level().name(), round.roundType().name())));
    event.add(round.host() != null ? ImmutableStatus.VEVENT_CONFIRMED : ImmutableStatus.VEVENT_TENTATIVE);
    if (round.createdAt() != null) {
      event.add(new Created(round.createdAt().toInstant()));
    }
    if (round.statusSince() != null) {
      event.add(new LastModified(round.statusSince().toInstant()));
    }
    return event;
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
