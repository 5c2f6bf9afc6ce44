package org.tradeconsult.mechanism.statement;

import java.time.Instant;
import java.util.List;
import org.springframework.stereotype.Component;
import org.springframework.web.util.HtmlUtils;

/** The Atom feed (RFC 4287) of released statements and readouts. */
@Component
class StatementFeed {

  static final String FEED_ID = "urn:tradeconsult:mechanism:statements";

  String render(List<PublicStatement> released) {
    StringBuilder xml = new StringBuilder(1024)
        .append("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n")
        .append("<feed xmlns=\"http://www.w3.org/2005/Atom\">\n")
        .append("  <id>").append(FEED_ID).append("</id>\n")
        .append("  <title>China-U.S. Economic and Trade Consultation Mechanism: statements / 中美经贸磋商机制：声明</title>\n")
        .append("  <updated>").append(released.isEmpty() ? Instant.EPOCH : released.get(0).releasedAt().toInstant()).append("</updated>\n")
        .append("  <link rel=\"self\" href=\"/api/v1/statements/feed.atom\"/>\n");
    for (PublicStatement s : released) {
      String body = "JOINT_STATEMENT".equals(s.kind())
          ? s.textEn() + "\n\n" + s.textZh() + "\n\nSHA-256: " + s.digest()
          : s.text();
      xml.append("  <entry>\n")
          .append("    <id>urn:tradeconsult:statement:").append(escape(s.id())).append("</id>\n")
          .append("    <title>").append(escape(title(s))).append("</title>\n")
          .append("    <updated>").append(s.releasedAt().toInstant()).append("</updated>\n")
          .append("    <author><name>").append(escape(s.side() == null ? "Joint / 联合" : s.side())).append("</name></author>\n")
          .append("    <link href=\"/api/v1/statements/").append(escape(s.id())).append("\"/>\n")
          .append("    <content type=\"text\">").append(escape(body)).append("</content>\n")
          .append("  </entry>\n");
    }
    return xml.append("</feed>\n").toString();
  }

  private static String title(PublicStatement s) {
    return "JOINT_STATEMENT".equals(s.kind()) ? "Joint statement: " + s.title() : s.side() + " readout: " + s.title();
  }

  private static String escape(String text) {
    return text == null ? "" : HtmlUtils.htmlEscape(text, "UTF-8");
  }
}
