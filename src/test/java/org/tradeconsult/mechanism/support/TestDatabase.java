package org.tradeconsult.mechanism.support;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.tradeconsult.mechanism.ConsultationMechanismApplication;

/** How to reach one database that a test starts the service on. */
public record TestDatabase(String url, String user, String password) {

  /** A new H2 file database below target/, which outlives the service that opens it. */
  public static TestDatabase h2File(String name) {
    String path = Path.of("target", "h2-" + name + "-" + System.nanoTime(), "consultation").toAbsolutePath().toString();
    return new TestDatabase("jdbc:h2:file:" + path, "sa", "");
  }

  /**
   * Starts the whole service on this database, on a random port, as the packaged jar would run.
   * The values go in through the variables application.yaml reads ({@code PORT}, {@code DB_URL}
   * …), because properties given to the builder rank below application.yaml.
   */
  public ConfigurableApplicationContext startService(String profiles, Map<String, Object> moreProperties) {
    Map<String, Object> properties = new HashMap<>(moreProperties);
    properties.put("PORT", "0");
    properties.putIfAbsent("DEMO_ROUNDS", "false");
    properties.put("DB_URL", url);
    properties.put("DB_USER", user);
    properties.put("DB_PASSWORD", password == null ? "" : password);
    return new SpringApplicationBuilder(ConsultationMechanismApplication.class)
        .profiles(profiles.split(","))
        .properties(properties)
        .run();
  }
}
