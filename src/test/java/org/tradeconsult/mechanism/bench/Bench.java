package org.tradeconsult.mechanism.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/** Sizes, statistics and the printed tables of the benchmark (docs/PERFORMANCE.md). */
final class Bench {

  private Bench() {}

  // ---- sizes: -Dbench.<name>=<value> on the Maven command line

  /** Measured runs of every comparison; the tables show their median. */
  static final int RUNS = integer("bench.runs", 3);
  /** Table 1: rounds per model and run, driving threads, warm-up rounds per model. */
  static final int ROUNDS = integer("bench.rounds", 100);
  static final int THREADS = integer("bench.threads", 4);
  static final int WARMUP_ROUNDS = integer("bench.warmup-rounds", 20);
  /** Rounds of each model whose SQL statements are counted (pg_stat_statements). */
  static final int SQL_ROUNDS = integer("bench.sql-rounds", 10);
  /** Table 2: concurrent HTTP clients, measured and warm-up requests per client and run. */
  static final int HTTP_CLIENTS = integer("bench.http-clients", 8);
  static final int HTTP_REQUESTS = integer("bench.http-requests", 50);
  static final int HTTP_WARMUP = integer("bench.http-warmup", 10);
  /** Table 3: rounds in the database, and measured requests per endpoint and size. */
  static final List<Integer> TRACKING_SIZES = integers("bench.tracking-sizes", "1000,10000,100000");
  static final int TRACKING_REQUESTS = integer("bench.tracking-requests", 200);
  /** Table 4: commitment deadlines due at the same instant; the longest wait for them. */
  static final int TIMERS = integer("bench.timers", 10_000);
  static final int TIMER_TIMEOUT_SECONDS = integer("bench.timer-timeout", 900);
  /** Table 5: start-ups of the packaged jar per database. */
  static final int FOOTPRINT_RUNS = integer("bench.footprint-runs", 3);
  /** Only these tables (e.g. -Dbench.tables=1,4); all by default. */
  static final List<Integer> TABLES = integers("bench.tables", "1,2,3,4,5");

  static boolean table(int number) {
    return TABLES.contains(number);
  }

  private static int integer(String name, int fallback) {
    return Integer.parseInt(System.getProperty(name, String.valueOf(fallback)).trim());
  }

  private static List<Integer> integers(String name, String fallback) {
    return Arrays.stream(System.getProperty(name, fallback).split(",")).map(String::trim).filter(s -> !s.isEmpty())
        .map(Integer::valueOf).toList();
  }

  // ---- statistics

  static double median(List<Double> values) {
    return percentile(values, 50);
  }

  /** Nearest-rank percentile of the values (any order). */
  static double percentile(List<Double> values, double p) {
    if (values.isEmpty()) {
      return Double.NaN;
    }
    double[] sorted = values.stream().mapToDouble(Double::doubleValue).sorted().toArray();
    int rank = (int) Math.ceil(p / 100.0 * sorted.length);
    return sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))];
  }

  static String f(double value, int decimals) {
    return Double.isNaN(value) ? "n/a" : String.format(Locale.ROOT, "%." + decimals + "f", value);
  }

  static String ratio(double ours, double bare) {
    return bare == 0 || Double.isNaN(ours) || Double.isNaN(bare) ? "n/a" : String.format(Locale.ROOT, "%.2f×", ours / bare);
  }

  // ---- output

  private static final List<String> REPORT = new ArrayList<>();

  /** Prints a table now and keeps it for the summary at the end (and target/bench/report.txt). */
  static void print(String title, List<String> header, List<List<String>> rows, String... notes) {
    StringBuilder out = new StringBuilder("\n").append(title).append('\n');
    int[] widths = new int[header.size()];
    for (int i = 0; i < header.size(); i++) {
      widths[i] = header.get(i).length();
      for (List<String> row : rows) {
        widths[i] = Math.max(widths[i], row.get(i).length());
      }
    }
    out.append(line(header, widths)).append(separator(widths));
    rows.forEach(row -> out.append(line(row, widths)));
    for (String note : notes) {
      out.append("  ").append(note).append('\n');
    }
    String text = out.toString();
    System.out.println(text);
    synchronized (REPORT) {
      REPORT.add(text);
    }
  }

  static void summary(String machine) {
    StringBuilder all = new StringBuilder("\n================ PERFORMANCE (docs/PERFORMANCE.md) ================\n");
    all.append(machine).append('\n');
    synchronized (REPORT) {
      REPORT.forEach(all::append);
    }
    System.out.println(all);
    try {
      Path file = Path.of("target", "bench", "report.txt");
      Files.createDirectories(file.getParent());
      Files.writeString(file, all);
      System.out.println("(also written to " + file + ")");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static String line(List<String> cells, int[] widths) {
    StringBuilder line = new StringBuilder("| ");
    for (int i = 0; i < cells.size(); i++) {
      String cell = cells.get(i);
      line.append(i == 0 ? pad(cell, widths[i]) : padLeft(cell, widths[i])).append(" | ");
    }
    return line.toString().stripTrailing() + "\n";
  }

  private static String separator(int[] widths) {
    StringBuilder line = new StringBuilder("|");
    for (int width : widths) {
      line.append("-".repeat(width + 2)).append('|');
    }
    return line + "\n";
  }

  private static String pad(String s, int width) {
    return s + " ".repeat(width - s.length());
  }

  private static String padLeft(String s, int width) {
    return " ".repeat(width - s.length()) + s;
  }
}
