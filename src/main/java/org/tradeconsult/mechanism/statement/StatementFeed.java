package org.tradeconsult.mechanism.statement;

import com.rometools.rome.feed.atom.Content;
import com.rometools.rome.feed.atom.Entry;
import com.rometools.rome.feed.atom.Feed;
import com.rometools.rome.feed.atom.Link;
import com.rometools.rome.feed.atom.Person;
import com.rometools.rome.io.FeedException;
import com.rometools.rome.io.WireFeedOutput;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import org.springframework.stereotype.Component;
import org.tradeconsult.mechanism.validation.PlainText;

/**
 * The Atom feed (RFC 4287) of released statements and readouts, written by Rome. Every text is
 * made {@link PlainText#printable printable} first: a control character cannot be written in XML
 * 1.0 at all, and one stored before input refused them must not break the feed for every
 * subscriber. Markup in a text is text ({@code type="text"}), escaped by the XML writer.
 */
@Component
class StatementFeed {

  static final String FEED_ID = "urn:tradeconsult:mechanism:statements";
  static final String SELF = "/api/v1/statements/feed.atom";

  private static final String ATOM_1_0 = "atom_1.0";

  String render(List<PublicStatement> released) {
    Feed feed = new Feed(ATOM_1_0);
    feed.setEncoding("UTF-8");
    feed.setId(FEED_ID);
    feed.setTitleEx(text("China-U.S. Economic and Trade Consultation Mechanism: statements / 中美经贸磋商机制：声明"));
    feed.setUpdated(Date.from(released.isEmpty() ? Instant.EPOCH : released.get(0).releasedAt().toInstant()));
    feed.setOtherLinks(List.of(link("self", SELF)));
    List<Entry> entries = new ArrayList<>(released.size());
    for (PublicStatement s : released) {
      entries.add(entry(s));
    }
    feed.setEntries(entries);
    try {
      return new WireFeedOutput().outputString(feed);
    } catch (FeedException e) {
      throw new IllegalStateException("The Atom feed could not be written", e);
    }
  }

  private static Entry entry(PublicStatement s) {
    String body = "JOINT_STATEMENT".equals(s.kind())
        ? s.textEn() + "\n\n" + s.textZh() + "\n\nSHA-256: " + s.digest()
        : s.text();
    Entry entry = new Entry();
    entry.setId("urn:tradeconsult:statement:" + PlainText.printable(s.id()));
    entry.setTitleEx(text(title(s)));
    entry.setUpdated(Date.from(s.releasedAt().toInstant()));
    Person author = new Person();
    author.setName(PlainText.printable(s.side() == null ? "Joint / 联合" : s.side()));
    entry.setAuthors(List.of(author));
    entry.setAlternateLinks(List.of(link("alternate", "/api/v1/statements/" + PlainText.printable(s.id()))));
    entry.setContents(List.of(text(body)));
    return entry;
  }

  private static String title(PublicStatement s) {
    return "JOINT_STATEMENT".equals(s.kind()) ? "Joint statement: " + s.title() : s.side() + " readout: " + s.title();
  }

  private static Content text(String value) {
    Content content = new Content();
    content.setType(Content.TEXT);
    content.setValue(value == null ? "" : PlainText.printable(value));
    return content;
  }

  private static Link link(String rel, String href) {
    Link link = new Link();
    link.setRel(rel);
    link.setHref(href);
    return link;
  }
}
