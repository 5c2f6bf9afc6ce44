package org.tradeconsult.mechanism.security;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.rometools.rome.feed.atom.Entry;
import com.rometools.rome.feed.atom.Feed;
import com.rometools.rome.io.WireFeedInput;
import java.io.ByteArrayInputStream;
import java.io.StringReader;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.UUID;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import net.fortuna.ical4j.data.CalendarBuilder;
import net.fortuna.ical4j.model.Calendar;
import net.fortuna.ical4j.model.Property;
import net.fortuna.ical4j.model.component.VEvent;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;
import org.xml.sax.helpers.DefaultHandler;
import org.tradeconsult.mechanism.support.Http;
import org.tradeconsult.mechanism.support.RoundDriver;
import org.tradeconsult.mechanism.support.ServiceTest;

/**
 * The feeds are valid whatever is stored. Input refuses control characters now, but a title
 * stored before that, or written by another way into the tables, must not break {@code feed.atom}
 * or {@code calendar.ics} for every subscriber: hostile titles and texts go straight into the
 * tables, and the feeds are read back by strict parsers — a namespace-aware XML parser that
 * fails on any error, Rome's own Atom parser, and ical4j.
 */
@ServiceTest
class HostileStoredTextFeedTest {

  static final String ATOM = "http://www.w3.org/2005/Atom";
  /** Controls (BEL, ESC, NUL, DEL, NEL), a CDATA end, markup, an ampersand, lone surrogates, a bare CR and a CR LF. */
  static final String HOSTILE = "Bell\u0007 esc\u001B[31m nul\u0000 del\u007F nel\u0085 ]]> <script>alert(1)</script> &amp; "
      + "lone \uD800 low \uDC00 cr\rcrlf\r\nend 中文";
  /** What a feed carries of it: controls dropped, surrogates replaced, line breaks as LF. */
  static final String PRINTABLE = "Bell esc[31m nul del nel ]]> <script>alert(1)</script> &amp; "
      + "lone \uFFFD low \uFFFD cr\ncrlf\nend 中文";

  @LocalServerPort int port;
  @Autowired JdbcClient jdbc;
  @Autowired ObjectMapper json;
  Http http;
  String roundId;
  String statementId;

  @BeforeEach
  void storeHostileTextsDirectly() throws Exception {
    http = new Http(port);
    String marker = UUID.randomUUID().toString().substring(0, 8);
    HttpResponse<String> started = http.postJson("/api/v1/rounds", "us-secretary", """
        {"type": "REGULAR", "level": "WORKING", "title": "Feed round %s", "startDate": "%s", "endDate": "%s",
         "requestedHost": "US", "venue": "Washington", "topics": ["TARIFFS"]}
        """.formatted(marker, RoundDriver.START.plusDays(2), RoundDriver.START.plusDays(3)));
    assertThat(started.statusCode()).as(started.body()).isEqualTo(201);
    roundId = json.readTree(started.body()).path("round").path("id").asText();
    statementId = roundId + "-JS";

    jdbc.sql("update consultation_round set title = :text, venue = :text, reason = :text where id = :id")
        .param("text", HOSTILE + " " + marker).param("id", roundId).update();
    OffsetDateTime released = OffsetDateTime.now(ZoneOffset.UTC).minusMinutes(1).truncatedTo(ChronoUnit.SECONDS);
    jdbc.sql("""
            insert into statement (id, round_id, process_instance_id, title, text_en, text_zh, digest, release_at, status,
                                   released_at, created_at)
            values (:id, :round, 'stored-directly', :title, :en, :zh, :digest, :at, 'RELEASED', :at, :at)""")
        .param("id", statementId).param("round", roundId).param("title", HOSTILE + " " + marker)
        .param("en", "English " + HOSTILE).param("zh", "中文 " + HOSTILE).param("digest", "0".repeat(64))
        .param("at", released)
        .update();
    assertThat(jdbc.sql("select title from consultation_round where id = :id").param("id", roundId).query(String.class).single())
        .as("the hostile text is stored as it is").isEqualTo(HOSTILE + " " + marker);
  }

  @AfterEach
  void removeTheStoredStatement() {
    jdbc.sql("delete from statement where id = :id").param("id", statementId).update();
    jdbc.sql("update consultation_round set title = 'Feed round', venue = null, reason = null where id = :id").param("id", roundId).update();
  }

  @Test
  void theAtomFeedIsWellFormedAtomWithTheHostileStatementAsText() throws Exception {
    HttpResponse<String> response = http.get("/api/v1/statements/feed.atom", null);

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.headers().firstValue("Content-Type")).hasValue("application/atom+xml;charset=UTF-8");
    byte[] body = response.body().getBytes(StandardCharsets.UTF_8);

    Document document = strictParser().parse(new ByteArrayInputStream(body));
    assertThat(document.getDocumentElement().getNamespaceURI()).isEqualTo(ATOM);
    assertThat(document.getDocumentElement().getLocalName()).isEqualTo("feed");
    assertThat(document.getElementsByTagNameNS("*", "script").getLength()).as("no element injected").isZero();
    Element entry = entry(document, "urn:tradeconsult:statement:" + statementId);
    assertThat(child(entry, "title").getTextContent()).startsWith("Joint statement: " + PRINTABLE);
    assertThat(child(entry, "content").getAttribute("type")).isEqualTo("text");
    assertThat(child(entry, "content").getTextContent())
        .contains("English " + PRINTABLE, "中文 " + PRINTABLE, "SHA-256: " + "0".repeat(64));
    // the writer ends its lines in CR LF; a CR of a text would be written as &#xD;
    assertThat(response.body().replace("\r\n", "\n")).doesNotContain("\u0007", "\u001B", "\u0000", "\u007F", "\u0085", "\r", "&#xD;");

    Feed rome = (Feed) new WireFeedInput(true, java.util.Locale.ROOT).build(new StringReader(response.body()));
    assertThat(rome.getFeedType()).isEqualTo("atom_1.0");
    Entry romeEntry = rome.getEntries().stream().filter(e -> e.getId().equals("urn:tradeconsult:statement:" + statementId))
        .findFirst().orElseThrow();
    assertThat(romeEntry.getTitle()).startsWith("Joint statement: " + PRINTABLE);
    assertThat(romeEntry.getContents().get(0).getValue()).contains("English " + PRINTABLE);
  }

  @Test
  void theCalendarIsValidICalendarWithTheHostileRound() throws Exception {
    HttpResponse<String> response = http.get("/api/v1/rounds/calendar.ics", "observer");

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.headers().firstValue("Content-Type")).hasValue("text/calendar;charset=UTF-8");
    String ics = response.body();
    assertThat(ics.replace("\r\n", "")).doesNotContain("\r", "\n", "\u0007", "\u001B", "\u0000", "\u007F", "\u0085");
    for (String line : ics.split("\r\n")) {
      assertThat(line.getBytes(StandardCharsets.UTF_8).length).as(line).isLessThanOrEqualTo(75);
    }

    Calendar calendar = new CalendarBuilder().build(new StringReader(ics));
    assertThat(calendar.validate().hasErrors()).as(calendar.validate().toString()).isFalse();
    VEvent event = calendar.<VEvent>getComponents("VEVENT").stream()
        .filter(e -> e.getProperty(Property.UID).map(Property::getValue).orElse("").startsWith(roundId + "@"))
        .findFirst().orElseThrow(() -> new AssertionError("no event for " + roundId + " in\n" + ics));
    assertThat(event.getProperty(Property.SUMMARY).orElseThrow().getValue()).startsWith(PRINTABLE);
    assertThat(event.getProperty(Property.LOCATION).orElseThrow().getValue()).startsWith(PRINTABLE).endsWith(", United States");
    assertThat(event.getProperty(Property.DESCRIPTION).orElseThrow().getValue()).contains("\n" + PRINTABLE);
    assertThat(calendar.<VEvent>getComponents("VEVENT")).filteredOn(e -> e.getProperty(Property.SUMMARY)
        .map(Property::getValue).orElse("").contains("END:VEVENT")).isEmpty();
  }

  /** Namespace-aware, no DTDs, and any error or warning fails the parse. */
  private static DocumentBuilder strictParser() throws Exception {
    DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
    factory.setNamespaceAware(true);
    factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
    DocumentBuilder builder = factory.newDocumentBuilder();
    builder.setErrorHandler(new DefaultHandler() {
      @Override
      public void warning(org.xml.sax.SAXParseException e) throws org.xml.sax.SAXException {
        throw e;
      }

      @Override
      public void error(org.xml.sax.SAXParseException e) throws org.xml.sax.SAXException {
        throw e;
      }
    });
    return builder;
  }

  private static Element entry(Document document, String id) {
    NodeList entries = document.getElementsByTagNameNS(ATOM, "entry");
    for (int i = 0; i < entries.getLength(); i++) {
      Element entry = (Element) entries.item(i);
      if (id.equals(child(entry, "id").getTextContent())) {
        return entry;
      }
    }
    throw new AssertionError("no entry " + id);
  }

  private static Element child(Element parent, String name) {
    return (Element) parent.getElementsByTagNameNS(ATOM, name).item(0);
  }
}
