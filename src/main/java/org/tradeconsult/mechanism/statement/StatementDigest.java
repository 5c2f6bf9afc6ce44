package org.tradeconsult.mechanism.statement;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * The digest that binds a sign-off to the exact texts, and that anyone can recompute from the
 * published texts: SHA-256, in lower-case hex, of the UTF-8 bytes of
 * {@code "en:" + English text + "\n" + "zh:" + Chinese text}.
 */
public final class StatementDigest {

  public static final String ALGORITHM = "SHA-256";
  public static final String CANONICAL_FORM = "SHA-256 (hex) of UTF-8 \"en:\" + text_en + \"\\n\" + \"zh:\" + text_zh";

  private StatementDigest() {}

  public static String of(String textEn, String textZh) {
    try {
      byte[] hash = MessageDigest.getInstance(ALGORITHM)
          .digest(("en:" + textEn + "\n" + "zh:" + textZh).getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(hash);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java runtime has " + ALGORITHM, e);
    }
  }
}
