package org.tradeconsult.mechanism.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

/**
 * The packaged service ({@code target/consultation-mechanism.jar}, built by {@code package} before
 * failsafe runs) as a real child process: started with {@code java -jar} on a test database,
 * killed with SIGKILL, restarted on the same port. Its output goes to
 * {@code target/service-logs/<name>.log}.
 */
public final class ServiceProcess implements AutoCloseable {

  public static final Path JAR = Path.of("target", "consultation-mechanism.jar");
  /** Exit value of a process ended by SIGKILL (128 + 9); SIGTERM would give 143. */
  public static final int KILLED_BY_SIGKILL = 137;

  private static final Duration STARTUP = Duration.ofSeconds(240);

  private final String name;
  private final TestDatabase database;
  private final Map<String, String> properties;
  private final int port;
  private final Path log;
  private Process process;
  private Duration lastStartup;

  private ServiceProcess(String name, TestDatabase database, Map<String, String> properties) {
    this.name = name;
    this.database = database;
    this.properties = new TreeMap<>(properties);
    this.port = freePort();
    try {
      this.log = Files.createDirectories(Path.of("target", "service-logs")).resolve(name + ".log");
      Files.deleteIfExists(log);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Job executor settings that make due timers fire within a second or two. */
  public static Map<String, String> promptJobExecutor() {
    return Map.of(
        "camunda.bpm.job-execution.enabled", "true",
        "camunda.bpm.job-execution.wait-time-in-millis", "500",
        "camunda.bpm.job-execution.max-wait", "1000",
        "camunda.bpm.job-execution.max-jobs-per-acquisition", "10",
        // a job the killed node had locked is taken over when its lock expires
        "camunda.bpm.job-execution.lock-time-in-millis", "60000");
  }

  /** Starts the jar with profiles postgres,demo on the database and waits until it is healthy. */
  public static ServiceProcess start(String name, TestDatabase database, Map<String, String> properties) {
    ServiceProcess service = new ServiceProcess(name, database, properties);
    service.start();
    return service;
  }

  public synchronized void start() {
    if (!Files.isRegularFile(JAR)) {
      throw new IllegalStateException(JAR.toAbsolutePath() + " is missing: run ./mvnw verify (package comes before the ITs)");
    }
    List<String> command = new ArrayList<>();
    command.add(ProcessHandle.current().info().command().orElse("java"));
    command.addAll(List.of("-Xmx512m", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-jar", JAR.toAbsolutePath().toString()));
    properties.forEach((key, value) -> command.add("--" + key + "=" + value));
    ProcessBuilder builder = new ProcessBuilder(command)
        .redirectErrorStream(true)
        .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
    Map<String, String> env = builder.environment();
    env.put("SPRING_PROFILES_ACTIVE", "postgres,demo");
    // the demo users, not the demo rounds: each test counts the rounds and timers it made
    env.put("DEMO_ROUNDS", "false");
    env.put("PORT", String.valueOf(port));
    env.put("DB_URL", database.url());
    env.put("DB_USER", database.user());
    env.put("DB_PASSWORD", database.password() == null ? "" : database.password());
    long started = System.nanoTime();
    try {
      process = builder.start();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    awaitHealthy();
    lastStartup = Duration.ofNanos(System.nanoTime() - started);
    System.out.printf("[%s] pid %d healthy on port %d after %.1f s%n", name, process.pid(), port, lastStartup.toMillis() / 1000.0);
  }

  private void awaitHealthy() {
    Http http = http();
    long deadline = System.nanoTime() + STARTUP.toNanos();
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw new IllegalStateException(name + " exited with " + process.exitValue() + "; see " + log.toAbsolutePath());
      }
      try {
        HttpResponse<String> health = http.get("/actuator/health", null);
        if (health.statusCode() == 200) {
          return;
        }
      } catch (UncheckedIOException notYetListening) {
        // not listening yet
      }
      sleep(Duration.ofMillis(500));
    }
    process.destroyForcibly();
    throw new IllegalStateException(name + " not healthy after " + STARTUP + "; see " + log.toAbsolutePath());
  }

  /** SIGKILL: no shutdown hook, no graceful stop. Returns the exit value (137 for SIGKILL). */
  public synchronized int kill() {
    process.destroyForcibly();
    try {
      if (!process.waitFor(30, TimeUnit.SECONDS)) {
        throw new IllegalStateException(name + " still alive after SIGKILL");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
    return process.exitValue();
  }

  public Http http() {
    return new Http(port);
  }

  public int port() {
    return port;
  }

  public long pid() {
    return process.pid();
  }

  public Duration lastStartup() {
    return lastStartup;
  }

  public Path log() {
    return log;
  }

  /** A graceful stop (SIGTERM), forced after 60 s. */
  @Override
  public synchronized void close() {
    if (process == null || !process.isAlive()) {
      return;
    }
    process.destroy();
    try {
      if (!process.waitFor(60, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      process.destroyForcibly();
    }
  }

  private static int freePort() {
    try (ServerSocket socket = new ServerSocket(0)) {
      socket.setReuseAddress(true);
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static void sleep(Duration duration) {
    try {
      Thread.sleep(duration.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
