package org.tradeconsult.mechanism.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** The machine the figures were measured on, printed above the tables. */
final class Machine {

  private Machine() {}

  static String describe(String postgresVersion) {
    Runtime runtime = Runtime.getRuntime();
    return "machine: " + runtime.availableProcessors() + " cores (" + cpuModel() + "), " + memTotal() + " memory; "
        + "Java " + System.getProperty("java.version") + " (" + System.getProperty("java.vm.name") + ", max heap of the bench JVM "
        + runtime.maxMemory() / (1024 * 1024) + " MB); PostgreSQL " + postgresVersion + "; "
        + System.getProperty("os.name") + " " + System.getProperty("os.version");
  }

  private static String cpuModel() {
    return line(Path.of("/proc/cpuinfo"), "model name").replaceFirst("^[^:]*:\\s*", "");
  }

  private static String memTotal() {
    String line = line(Path.of("/proc/meminfo"), "MemTotal");
    if (line.isEmpty()) {
      return "unknown";
    }
    long kb = Long.parseLong(line.replaceAll("[^0-9]", ""));
    return String.format(java.util.Locale.ROOT, "%.1f GB", kb / 1024.0 / 1024.0);
  }

  private static String line(Path file, String prefix) {
    try {
      List<String> lines = Files.readAllLines(file);
      return lines.stream().filter(l -> l.startsWith(prefix)).findFirst().orElse("");
    } catch (IOException | RuntimeException e) {
      return "";
    }
  }
}
