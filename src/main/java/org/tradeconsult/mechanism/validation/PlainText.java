package org.tradeconsult.mechanism.validation;

import java.util.OptionalInt;

/**
 * What counts as plain text here, at input and at output. People type letters, digits,
 * punctuation, tabs and line breaks; a control character (U+0007 BEL, U+001B ESC…) is never
 * meant, and it is what XML 1.0 and iCalendar TEXT cannot carry: one stored title would make a
 * feed invalid for every subscriber. So free text is refused at input when it has one
 * ({@link #firstForbidden}), and the feeds write {@link #printable} text whatever is stored.
 */
public final class PlainText {

  /** For Bean Validation's {@code @Pattern}: no C0 control but tab, CR and LF; no DEL, no C1 control. */
  public static final String NO_CONTROL_CHARACTERS = "[^\\x00-\\x08\\x0B\\x0C\\x0E-\\x1F\\x7F-\\x9F]*";

  private PlainText() {}

  /**
   * The index of the first character that free text must not contain: a control character other
   * than tab, CR and LF (and CR or LF too when the text is a single line), an unpaired surrogate
   * or a noncharacter U+FFFE / U+FFFF.
   */
  public static OptionalInt firstForbidden(String text, boolean singleLine) {
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c == '\r' || c == '\n') {
        if (singleLine) {
          return OptionalInt.of(i);
        }
      } else if (Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
        i++;
      } else if (!allowed(c)) {
        return OptionalInt.of(i);
      }
    }
    return OptionalInt.empty();
  }

  /**
   * The text as a feed can carry it: control characters other than tab and line breaks dropped
   * (CR LF and CR become LF), an unpaired surrogate or a noncharacter replaced by U+FFFD. Every
   * character of the result is allowed in XML 1.0 and in iCalendar TEXT.
   */
  public static String printable(String text) {
    if (text == null) {
      return null;
    }
    String normalised = text.replace("\r\n", "\n").replace('\r', '\n');
    StringBuilder out = new StringBuilder(normalised.length());
    for (int i = 0; i < normalised.length(); i++) {
      char c = normalised.charAt(i);
      if (c == '\n' || c == '\t') {
        out.append(c);
      } else if (Character.isHighSurrogate(c) && i + 1 < normalised.length() && Character.isLowSurrogate(normalised.charAt(i + 1))) {
        out.append(c).append(normalised.charAt(++i));
      } else if (Character.isSurrogate(c) || c == '\uFFFE' || c == '\uFFFF') {
        out.append('\uFFFD');
      } else if (allowed(c)) {
        out.append(c);
      }
    }
    return out.toString();
  }

  /** A description of the character for a refusal: {@code U+0007}. */
  public static String codePoint(char c) {
    return String.format("U+%04X", (int) c);
  }

  private static boolean allowed(char c) {
    return c == '\t' || (c >= 0x20 && c < 0x7F) || (c > 0x9F && !Character.isSurrogate(c) && c != '\uFFFE' && c != '\uFFFF');
  }
}
