package org.tradeconsult.mechanism.support;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.tradeconsult.mechanism.ConsultationMechanismApplication;

/**
 * The whole service in this JVM as {@code ./mvnw spring-boot:run} runs it for people trying it:
 * the demo profile (demo users, job executor on), an in-memory H2 database of its own, a free port.
 */
public record DemoService(ConfigurableApplicationContext context, String baseUrl, Http http) implements AutoCloseable {

  /** Starts it on the H2 database {@code database}, with the demo rounds seeded or not. */
  public static DemoService start(String database, boolean demoRounds) {
    ConfigurableApplicationContext context = new SpringApplicationBuilder(ConsultationMechanismApplication.class)
        .profiles("demo")
        // command-line arguments: they win over application.yaml (default properties would not)
        .run("--server.port=0", "--spring.datasource.url=jdbc:h2:mem:" + database + ";DB_CLOSE_DELAY=-1",
            "--mechanism.demo.rounds=" + demoRounds);
    int port = ((WebServerApplicationContext) context).getWebServer().getPort();
    return new DemoService(context, "http://localhost:" + port, new Http(port));
  }

  @Override
  public void close() {
    context.close();
  }
}
