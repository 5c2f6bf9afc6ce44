package org.tradeconsult.mechanism.support;

import java.nio.file.Path;

/** How to reach one database that a test starts the service on. */
public record TestDatabase(String url, String user, String password) {

  /** A new H2 file database below target/, which outlives the service that opens it. */
  public static TestDatabase h2File(String name) {
    String path = Path.of("target", "h2-" + name + "-" + System.nanoTime(), "consultation").toAbsolutePath().toString();
    return new TestDatabase("jdbc:h2:file:" + path, "sa", "");
  }
}
