package org.tradeconsult.mechanism.round;

import static org.assertj.core.api.Assertions.assertThat;
import static org.tradeconsult.mechanism.round.RoundApiRequests.ROUNDS;
import static org.tradeconsult.mechanism.round.RoundApiRequests.START;
import static org.tradeconsult.mechanism.round.RoundApiRequests.post;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.StringReader;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import net.fortuna.ical4j.data.CalendarBuilder;
import net.fortuna.ical4j.model.Calendar;
import net.fortuna.ical4j.model.Property;
import net.fortuna.ical4j.model.component.VEvent;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.tradeconsult.mechanism.support.Http;
import org.tradeconsult.mechanism.support.ServiceTest;

/** {@code GET /api/v1/rounds/calendar.ics}, read back with ical4j, a real iCalendar parser. */
@ServiceTest
class RoundApiCalendarTest {

  static final String CALENDAR = ROUNDS + "/calendar.ics";
  /** Commas, semicolons, a backslash and Chinese: escaped, and folded without splitting a character. */
  static final String AWKWARD_TITLE = "Tariffs, rare earths; the \\ question — 关于关税、稀土和出口管制的副手级磋商（第二轮）";

  @LocalServerPort int port;
  @Autowired JdbcClient jdbc;
  @Autowired ObjectMapper json;
  Http http;

  @BeforeEach
  void setUp() {
    http = new Http(port);
  }

  @Test
  void theFeedListsEveryUpcomingRoundAsAnAllDayEventThatIcal4jReads() throws Exception {
    String convened = start("us-secretary", """
        {"type": "REGULAR", "level": "WORKING", "title": "%s", "startDate": "%s", "endDate": "%s",
         "requestedHost": "US", "venue": "Washington, D.C."}""".formatted(AWKWARD_TITLE.replace("\\", "\\\\"), START.plusDays(3), START.plusDays(5)));
    String requested = start("cn-secretary", """
        {"type": "AD_HOC", "requestingSide": "CN", "reason": "Export controls\\nand their effect on supply chains",
         "startDate": "%s", "requestedHost": "THIRD_COUNTRY", "venue": "Geneva"}""".formatted(START.plusDays(10)));
    String cancelled = start("us-secretary", RoundApiRequests.convene("Cancelled before it met"));
    String undated = start("cn-secretary", RoundApiRequests.request("CN", "No dates yet"));
    assertThat(http.postJson(ROUNDS + "/" + cancelled + "/cancel", "us-secretary", "{\"reason\": \"Not needed\"}").statusCode()).isEqualTo(200);

    HttpResponse<String> response = http.get(CALENDAR, "observer");

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.headers().firstValue("Content-Type")).hasValue("text/calendar;charset=UTF-8");
    String ics = response.body();
    assertThat(ics).startsWith("BEGIN:VCALENDAR\r\n").endsWith("END:VCALENDAR\r\n");
    assertThat(ics.replace("\r\n", "")).doesNotContain("\n").doesNotContain("\r");
    for (String line : ics.split("\r\n")) {
      assertThat(line.getBytes(StandardCharsets.UTF_8).length).as(line).isLessThanOrEqualTo(75);
    }
    assertThat(ics).contains("\r\n ");  // the long title was folded

    Calendar calendar = new CalendarBuilder().build(new StringReader(ics));
    assertThat(calendar.validate().hasErrors()).as(calendar.validate().toString()).isFalse();
    assertThat(value(calendar, Property.VERSION)).isEqualTo("2.0");
    assertThat(value(calendar, Property.PRODID)).isEqualTo(RoundCalendar.PRODID);
    Map<String, VEvent> events = calendar.<VEvent>getComponents("VEVENT").stream()
        .collect(Collectors.toMap(e -> value(e, Property.UID), e -> e));

    assertThat(events.keySet()).isEqualTo(upcomingRoundIds().stream().map(id -> id + "@" + RoundCalendar.UID_DOMAIN)
        .collect(Collectors.toSet()));
    assertThat(events).doesNotContainKeys(uid(cancelled), uid(undated));

    VEvent first = events.get(uid(convened));
    assertThat(first.getStartDate().orElseThrow().getDate()).isEqualTo(START.plusDays(3));
    assertThat(first.getEndDate().orElseThrow().getDate()).as("DTEND is exclusive").isEqualTo(START.plusDays(6));
    assertThat(value(first, Property.SUMMARY)).isEqualTo(AWKWARD_TITLE);
    assertThat(value(first, Property.LOCATION)).isEqualTo("Washington, D.C., United States");
    assertThat(value(first, Property.STATUS)).isEqualTo("TENTATIVE");
    assertThat(first.getDateStamp()).isPresent();

    VEvent second = events.get(uid(requested));
    assertThat(second.getStartDate().orElseThrow().getDate()).isEqualTo(START.plusDays(10));
    assertThat(second.getEndDate().orElseThrow().getDate()).isEqualTo(START.plusDays(11));
    assertThat(value(second, Property.LOCATION)).isEqualTo("Geneva, third country");
    assertThat(value(second, Property.DESCRIPTION)).contains("requested by CN").contains("Export controls\nand their effect");
  }

  @Test
  void theFeedNeedsALogin() {
    assertThat(http.get(CALENDAR, null).statusCode()).isEqualTo(401);
  }

  @Test
  void textIsEscapedAndLongLinesFoldAtSeventyFiveOctets() {
    String written = new RoundCalendar(Clock.systemUTC()).write(List.of(new Round("R-1", "pi", RoundLevel.WORKING, RoundType.REGULAR,
        "a,b;c\\d\r\ne\nf\u0007g", "US", null, false, false, null, null, null, START, START, RoundStatus.PREPARING, null,
        null, null, 0, 0, null, "us-secretary", null)));
    assertThat(written.replace("\r\n ", "").split("\r\n")).contains("SUMMARY:a\\,b\\;c\\\\d\\ne\\nfg");
    String folded = RoundCalendar.fold("SUMMARY:" + "磋".repeat(40));
    assertThat(Arrays.stream(folded.split("\r\n")).map(l -> l.getBytes(StandardCharsets.UTF_8).length))
        .allMatch(length -> length <= 75);
    assertThat(folded.replace("\r\n ", "")).isEqualTo("SUMMARY:" + "磋".repeat(40));
  }

  private List<String> upcomingRoundIds() {
    return jdbc.sql("""
            select id from consultation_round where start_date >= :today
            and status not in ('CONCLUDED', 'NO_AGREEMENT', 'DECLINED', 'LAPSED', 'CANCELLED')""")
        .param("today", LocalDate.now(ZoneOffset.UTC))
        .query(String.class)
        .list();
  }

  private String start(String user, String body) throws Exception {
    HttpResponse<String> response = post(http, user, body);
    assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
    return json.readTree(response.body()).path("round").path("id").asText();
  }

  private static String uid(String roundId) {
    return roundId + "@" + RoundCalendar.UID_DOMAIN;
  }

  private static String value(net.fortuna.ical4j.model.PropertyContainer container, String property) {
    return container.getProperty(property).map(Property::getValue).orElseThrow(() -> new AssertionError("no " + property));
  }
}
