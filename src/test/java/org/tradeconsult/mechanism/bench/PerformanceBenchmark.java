package org.tradeconsult.mechanism.bench;

import static org.tradeconsult.mechanism.bench.Bench.f;
import static org.tradeconsult.mechanism.bench.Bench.median;
import static org.tradeconsult.mechanism.bench.Bench.percentile;
import static org.tradeconsult.mechanism.bench.Bench.ratio;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntConsumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.history.HistoricProcessInstance;
import org.camunda.bpm.engine.runtime.Job;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.springframework.boot.web.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.tradeconsult.mechanism.commitment.CommitmentProcess;
import org.tradeconsult.mechanism.round.RoundProcess;
import org.tradeconsult.mechanism.support.PostgresTestDatabase;
import org.tradeconsult.mechanism.support.TestDatabase;

/**
 * The performance evidence of docs/PERFORMANCE.md: five tables, our service beside the bare engine
 * in the same run, on PostgreSQL. Run with {@code ./mvnw -B verify -Pbench} (never part of the
 * normal build). It measures and prints; it fails only when a run is invalid: a round that did
 * not finish, a timer that fired twice, a request that was refused.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class PerformanceBenchmark {

  static final String PASSWORD = "demo";

  static TestDatabase database;
  static ConfigurableApplicationContext service;
  static ProcessEngine engine;
  static JdbcClient jdbc;
  static int port;
  static String machine;

  @BeforeAll
  static void startService() throws IOException {
    database = PostgresTestDatabase.newDatabase();
    machine = Machine.describe(PostgresTestDatabase.serverVersion(database));
    System.out.println(machine);
    // The job executor is off: table 1 runs the asynchronous joins itself, so that every step is
    // one transaction of the driving thread, for our model and the bare one alike.
    service = database.startService("postgres,demo", Map.of(
        "camunda.bpm.job-execution.enabled", "false",
        "spring.jmx.enabled", "false",
        "DEMO_ROUNDS", "false",
        "logging.level.root", "WARN",
        "spring.main.banner-mode", "off"));
    engine = service.getBean(ProcessEngine.class);
    jdbc = service.getBean(JdbcClient.class);
    port = ((WebServerApplicationContext) service).getWebServer().getPort();
    try (InputStream bare = Files.newInputStream(Path.of("bpmn", "bench", "bare-round.bpmn"))) {
      engine.getRepositoryService().createDeployment().name("benchmark: bare replica")
          .addInputStream("bare-round.bpmn", bare).deploy();
    }
  }

  @AfterAll
  static void stopService() {
    if (service != null) {
      service.close();
    }
    Bench.summary(machine);
  }

  // ---------------------------------------------------------------------------------------------
  // 1. Round lifecycle throughput

  @Test
  @Order(1)
  void roundLifecycleThroughput() throws Exception {
    if (!Bench.table(1)) {
      return;
    }
    RoundLifecycle ours = new RoundLifecycle(engine, false);
    RoundLifecycle bare = new RoundLifecycle(engine, true);
    drive(ours, Bench.WARMUP_ROUNDS);
    drive(bare, Bench.WARMUP_ROUNDS);

    List<Double> oursRounds = new ArrayList<>();
    List<Double> bareRounds = new ArrayList<>();
    List<Double> oursTx = new ArrayList<>();
    List<Double> bareTx = new ArrayList<>();
    for (int run = 0; run < Bench.RUNS; run++) {
      for (RoundLifecycle lifecycle : run % 2 == 0 ? List.of(ours, bare) : List.of(bare, ours)) {
        double[] rates = drive(lifecycle, Bench.ROUNDS);
        (lifecycle == ours ? oursRounds : bareRounds).add(rates[0]);
        (lifecycle == ours ? oursTx : bareTx).add(rates[1]);
      }
    }
    double oursRate = median(oursRounds);
    double bareRate = median(bareRounds);

    SqlCount oursSql = countSql(ours);
    SqlCount bareSql = countSql(bare);

    List<List<String>> rows = List.of(
        List.of("consultation-round (ours)", f(oursRate, 2), f(median(oursTx), 1), f(1000 / oursRate * Bench.THREADS, 1),
            oursSql.perRound(), oursSql.oursPerRound()),
        List.of("bare-round (engine only)", f(bareRate, 2), f(median(bareTx), 1), f(1000 / bareRate * Bench.THREADS, 1),
            bareSql.perRound(), bareSql.oursPerRound()),
        List.of("ours / bare (time per round)", ratio(bareRate, oursRate), "", "", ratio(oursSql.total, bareSql.total), ""));
    Bench.print(
        "1. Round lifecycle throughput (Java API, PostgreSQL; " + Bench.ROUNDS + " rounds per model and run, " + Bench.THREADS
            + " threads, median of " + Bench.RUNS + " runs after " + Bench.WARMUP_ROUNDS + " warm-up rounds)  target: ≤ 1.30×",
        List.of("model", "rounds/s", "engine tx/s", "ms per round", "SQL statements per round", "of which our tables"),
        rows,
        "path: principal round, endorsement by both leaders, one session, both approve, separate readouts, no commitments:",
        "      1 start + 12 user tasks + 4 asynchronous joins = 17 transactions per round; 2 reminder timers created and deleted",
        "runs (rounds/s) ours " + fs(oursRounds) + ", bare " + fs(bareRounds),
        "SQL statements: pg_stat_statements over " + Bench.SQL_ROUNDS + " further rounds of each model, one thread"
            + (oursSql.available ? "" : " (not available on this server)"),
        "statements on our tables per round (calls): " + oursSql.topOurs,
        "statements per round, ours minus bare, by kind (engine tables act_*, ours the rest): " + difference(oursSql, bareSql));
  }

  /** Drives n rounds with the benchmark's threads; returns rounds/s and engine transactions/s. */
  private static double[] drive(RoundLifecycle lifecycle, int n) throws Exception {
    long tx0 = lifecycle.transactions.get();
    Set<String> ids = Collections.synchronizedSet(new HashSet<>());
    long t0 = System.nanoTime();
    parallel(Bench.THREADS, n, i -> ids.add(lifecycle.run(i)));
    double seconds = (System.nanoTime() - t0) / 1e9;
    verifyEnded(ids, lifecycle);
    return new double[] {n / seconds, (lifecycle.transactions.get() - tx0) / seconds};
  }

  /** A run is valid only when every round ended at its concluded end (and ours is CONCLUDED in our table). */
  private static void verifyEnded(Set<String> ids, RoundLifecycle lifecycle) {
    List<String> all = new ArrayList<>(ids);
    for (int from = 0; from < all.size(); from += 500) {
      Set<String> chunk = new HashSet<>(all.subList(from, Math.min(all.size(), from + 500)));
      List<HistoricProcessInstance> ended = engine.getHistoryService().createHistoricProcessInstanceQuery()
          .processInstanceIds(chunk).finished().list();
      for (HistoricProcessInstance instance : ended) {
        if (!instance.getEndActivityId().endsWith("RoundConcluded")) {
          throw new AssertionError("invalid run: " + instance.getId() + " ended at " + instance.getEndActivityId());
        }
      }
      if (ended.size() != chunk.size()) {
        throw new AssertionError("invalid run: " + (chunk.size() - ended.size()) + " rounds did not finish");
      }
    }
    if (!lifecycle.isBare()) {
      long concluded = 0;
      for (int from = 0; from < all.size(); from += 500) {
        concluded += jdbc.sql("select count(*) from consultation_round where status = 'CONCLUDED' and process_instance_id in (:ids)")
            .param("ids", all.subList(from, Math.min(all.size(), from + 500))).query(Long.class).single();
      }
      if (concluded != all.size()) {
        throw new AssertionError("invalid run: " + (all.size() - concluded) + " rounds are not CONCLUDED in consultation_round");
      }
    }
  }

  record SqlCount(boolean available, long rounds, long total, long engine, long ours, String topOurs, Map<String, Long> byKind) {
    String perRound() {
      return available ? f((double) total / rounds, 0) : "n/a";
    }

    String oursPerRound() {
      return available ? f((double) ours / rounds, 0) : "n/a";
    }
  }

  /** SQL statements the server executed for SQL_ROUNDS rounds of one model, by pg_stat_statements. */
  private static SqlCount countSql(RoundLifecycle lifecycle) throws Exception {
    try {
      jdbc.sql("create extension if not exists pg_stat_statements").update();
      jdbc.sql("select pg_stat_statements_reset()").query().singleRow();
    } catch (RuntimeException e) {
      return new SqlCount(false, 0, 0, 0, 0, "n/a (" + e.getClass().getSimpleName() + ")", Map.of());
    }
    Set<String> ids = new HashSet<>();
    for (int i = 0; i < Bench.SQL_ROUNDS; i++) {
      ids.add(lifecycle.run(900_000 + i));
    }
    verifyEnded(ids, lifecycle);
    String mine = "query !~* 'pg_stat_statements' and datname = current_database()";
    String engineTables = "query ~* '\\mact_(ru|hi|ge|re|id)_'";
    String transaction = "query ~* '^\\s*(begin|commit|rollback|set |show |select 1$)'";
    Map<String, Object> counts = jdbc.sql(
            "select coalesce(sum(calls), 0) as total, coalesce(sum(calls) filter (where " + engineTables + "), 0) as engine,"
                + " coalesce(sum(calls) filter (where not " + engineTables + " and not " + transaction + "), 0) as ours"
                + " from pg_stat_statements s join pg_database d on d.oid = s.dbid where " + mine)
        .query().singleRow();
    List<String> top = jdbc.sql(
            "select calls, regexp_replace(left(query, 70), '\\s+', ' ', 'g') as q from pg_stat_statements s"
                + " join pg_database d on d.oid = s.dbid where " + mine + " and not " + engineTables + " and not " + transaction
                + " order by calls desc limit 8")
        .query((rs, n) -> f(rs.getLong("calls") / (double) Bench.SQL_ROUNDS, 1) + "× " + rs.getString("q")).list();
    Map<String, Long> byKind = new HashMap<>();
    jdbc.sql("select calls, query from pg_stat_statements s join pg_database d on d.oid = s.dbid where " + mine)
        .query((rs, n) -> {
          byKind.merge(kind(rs.getString("query")), rs.getLong("calls"), Long::sum);
          return null;
        }).list();
    return new SqlCount(true, Bench.SQL_ROUNDS, ((Number) counts.get("total")).longValue(), ((Number) counts.get("engine")).longValue(),
        ((Number) counts.get("ours")).longValue(), top.isEmpty() ? "none" : "\n      " + String.join("\n      ", top), byKind);
  }

  private static final Pattern TABLE = Pattern.compile("(?i)\\b(?:from|into|update|join)\\s+(\\w+)");

  /** "insert act_hi_varinst", "select consultation_round", "commit" …: what a statement does to which table. */
  static String kind(String query) {
    String q = query.strip();
    String op = q.split("\\s+", 2)[0].toLowerCase(java.util.Locale.ROOT);
    Matcher table = TABLE.matcher(q);
    return table.find() ? op + " " + table.group(1).toLowerCase(java.util.Locale.ROOT) : op;
  }

  /** Where ours issues more statements per round than bare, by statement kind, largest first. */
  private static String difference(SqlCount ours, SqlCount bare) {
    if (!ours.available()) {
      return "n/a";
    }
    Set<String> kinds = new HashSet<>(ours.byKind().keySet());
    kinds.addAll(bare.byKind().keySet());
    return kinds.stream()
        .map(k -> Map.entry(k, (ours.byKind().getOrDefault(k, 0L) - bare.byKind().getOrDefault(k, 0L)) / (double) ours.rounds()))
        .filter(e -> Math.abs(e.getValue()) >= 1)
        .sorted((a, b) -> Double.compare(Math.abs(b.getValue()), Math.abs(a.getValue())))
        .limit(20)
        .map(e -> (e.getValue() > 0 ? "+" : "") + f(e.getValue(), 1) + " " + e.getKey())
        .reduce((a, b) -> a + "\n      " + b).map(s -> "\n      " + s).orElse("none");
  }

  // ---------------------------------------------------------------------------------------------
  // 2. Start latency over HTTP

  @Test
  @Order(2)
  void startLatencyOverHttp() throws Exception {
    if (!Bench.table(2)) {
      return;
    }
    AtomicInteger no = new AtomicInteger();
    Endpoint ours = new Endpoint("POST /api/v1/rounds", "/api/v1/rounds", 201, i -> """
        {"type": "REGULAR", "level": "PRINCIPAL", "title": "Bench HTTP round %d", "startDate": "%s", "endDate": "%s",
         "requestedHost": "US", "topics": ["TARIFFS", "EXPORT_CONTROLS"], "leadersEndorsementRequired": true}
        """.formatted(i, RoundLifecycle.START, RoundLifecycle.START.plusDays(1)));
    Endpoint bare = new Endpoint("POST /engine-rest/…/key/bare-round/start", "/engine-rest/process-definition/key/"
        + RoundLifecycle.BARE_KEY + "/start", 200, i -> """
        {"businessKey": "BARE-HTTP-%d", "variables": {
          "level": {"value": "PRINCIPAL"}, "title": {"value": "Bench HTTP round %d"}, "startDate": {"value": "%s"},
          "endDate": {"value": "%s"}, "requestedHost": {"value": "US"}, "topics": {"value": "TARIFFS,EXPORT_CONTROLS"},
          "leadersEndorsementRequired": {"value": true, "type": "Boolean"},
          "conveningSecretariat": {"value": "us-secretariat"}, "counterpartSecretariat": {"value": "cn-secretariat"}}}
        """.formatted(i, i, RoundLifecycle.START, RoundLifecycle.START.plusDays(1)));

    latencies(ours, Bench.HTTP_WARMUP, no);
    latencies(bare, Bench.HTTP_WARMUP, no);
    Map<Endpoint, List<double[]>> runs = new HashMap<>(Map.of(ours, new ArrayList<>(), bare, new ArrayList<>()));
    for (int run = 0; run < Bench.RUNS; run++) {
      for (Endpoint endpoint : run % 2 == 0 ? List.of(ours, bare) : List.of(bare, ours)) {
        List<Double> ms = latencies(endpoint, Bench.HTTP_REQUESTS, no);
        runs.get(endpoint).add(new double[] {percentile(ms, 50), percentile(ms, 95), percentile(ms, 99)});
      }
    }
    double[] o = medians(runs.get(ours));
    double[] b = medians(runs.get(bare));
    Map<String, Long> oursKinds = new HashMap<>();
    Map<String, Long> bareKinds = new HashMap<>();
    String oursSql = statementsPerStart(ours, no, oursKinds);
    String bareSql = statementsPerStart(bare, no, bareKinds);
    Bench.print(
        "2. Start latency over HTTP (" + Bench.HTTP_CLIENTS + " concurrent clients, HTTP Basic, PostgreSQL; "
            + Bench.HTTP_REQUESTS + " requests per client and run, median of " + Bench.RUNS + " runs)  target: p99 ratio ≤ 2×",
        List.of("endpoint", "p50 ms", "p95 ms", "p99 ms"),
        List.of(
            List.of(ours.name, f(o[0], 1), f(o[1], 1), f(o[2], 1)),
            List.of(bare.name, f(b[0], 1), f(b[1], 1), f(b[2], 1)),
            List.of("ours / bare", ratio(o[0], b[0]), ratio(o[1], b[1]), ratio(o[2], b[2]))),
        "both on the same service and database, as us-secretary; the bare start gets the same variables as engine variables",
        "ours validates, checks the side, runs RegisterRoundDelegate and ProposeHost (venue-rotation DMN) and writes our tables",
        "SQL statements per start (pg_stat_statements, 10 sequential starts each): ours " + oursSql + ", bare " + bareSql,
        "statements per start, ours minus bare, by kind: " + difference(
            new SqlCount(!oursKinds.isEmpty(), 10, 0, 0, 0, "", oursKinds), new SqlCount(!bareKinds.isEmpty(), 10, 0, 0, 0, "", bareKinds)));
  }

  /** Statements per start of one endpoint: all, and those on the engine's tables. */
  private static String statementsPerStart(Endpoint endpoint, AtomicInteger no, Map<String, Long> byKind) throws Exception {
    try {
      jdbc.sql("create extension if not exists pg_stat_statements").update();
      jdbc.sql("select pg_stat_statements_reset()").query().singleRow();
    } catch (RuntimeException e) {
      return "n/a";
    }
    int clients = 1;
    latencies(endpoint, 10, no, clients);
    Map<String, Object> calls = jdbc.sql("select coalesce(sum(calls), 0) as total,"
            + " coalesce(sum(calls) filter (where query ~* '\\mact_'), 0) as engine"
            + " from pg_stat_statements s join pg_database d on d.oid = s.dbid"
            + " where d.datname = current_database() and query !~* 'pg_stat_statements'")
        .query().singleRow();
    jdbc.sql("select calls, query from pg_stat_statements s join pg_database d on d.oid = s.dbid"
            + " where d.datname = current_database() and query !~* 'pg_stat_statements'")
        .query((rs, n) -> {
          byKind.merge(kind(rs.getString("query")), rs.getLong("calls"), Long::sum);
          return null;
        }).list();
    return f(((Number) calls.get("total")).doubleValue() / 10, 1) + " (engine tables "
        + f(((Number) calls.get("engine")).doubleValue() / 10, 1) + ")";
  }

  record Endpoint(String name, String path, int expectedStatus, java.util.function.IntFunction<String> body) {}

  private static double[] medians(List<double[]> runs) {
    double[] result = new double[3];
    for (int i = 0; i < 3; i++) {
      int column = i;
      result[i] = median(runs.stream().map(r -> r[column]).toList());
    }
    return result;
  }

  /** Every client sends its requests one after the other; all clients start together. */
  private static List<Double> latencies(Endpoint endpoint, int perClient, AtomicInteger no) throws Exception {
    return latencies(endpoint, perClient, no, Bench.HTTP_CLIENTS);
  }

  private static List<Double> latencies(Endpoint endpoint, int perClient, AtomicInteger no, int clientCount) throws Exception {
    String auth = "Basic " + Base64.getEncoder().encodeToString(("us-secretary:" + PASSWORD).getBytes(StandardCharsets.UTF_8));
    ConcurrentLinkedQueue<Double> ms = new ConcurrentLinkedQueue<>();
    CyclicBarrier together = new CyclicBarrier(clientCount);
    ExecutorService clients = Executors.newFixedThreadPool(clientCount);
    try {
      List<Future<?>> done = new ArrayList<>();
      for (int c = 0; c < clientCount; c++) {
        done.add(clients.submit(() -> {
          HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
          together.await();
          for (int i = 0; i < perClient; i++) {
            HttpRequest request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + endpoint.path()))
                .header("Authorization", auth).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(endpoint.body().apply(no.incrementAndGet()))).build();
            long t0 = System.nanoTime();
            HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString());
            ms.add((System.nanoTime() - t0) / 1e6);
            if (response.statusCode() != endpoint.expectedStatus()) {
              throw new AssertionError("invalid run: " + endpoint.name() + " answered " + response.statusCode() + ": " + response.body());
            }
          }
          return null;
        }));
      }
      for (Future<?> f : done) {
        f.get();
      }
    } finally {
      clients.shutdownNow();
    }
    return new ArrayList<>(ms);
  }

  // ---------------------------------------------------------------------------------------------
  // 3. Tracking at scale

  @Test
  @Order(3)
  void trackingAtScale() throws Exception {
    if (!Bench.table(3)) {
      return;
    }
    Tracking.run();
  }

  // ---------------------------------------------------------------------------------------------
  // 4. Timers

  static final String DEADLINE = "BoundaryEvent_DueDatePassed";

  @Test
  @Order(4)
  void commitmentDeadlinesDueAtTheSameInstant() throws Exception {
    if (!Bench.table(4)) {
      return;
    }
    TestDatabase seeded = seedCommitments(Bench.TIMERS);
    List<List<String>> rows = new ArrayList<>();
    List<String> notes = new ArrayList<>();
    for (int nodes = 1; nodes <= 2; nodes++) {
      TestDatabase copy = PostgresTestDatabase.copyOf(seeded);
      List<ConfigurableApplicationContext> started = new ArrayList<>();
      try {
        for (int n = 0; n < nodes; n++) {
          started.add(node(copy));
        }
        JdbcClient db = started.get(0).getBean(JdbcClient.class);
        Instant instant = Instant.now().minusSeconds(1);
        Instant updatedAt = Instant.now();
        long t0 = System.nanoTime();
        int moved = db.sql("update act_ru_job set duedate_ = :instant where job_def_id_ in"
                + " (select id_ from act_ru_jobdef where act_id_ = :activity)")
            .param("instant", Timestamp.from(instant)).param("activity", DEADLINE).update();
        if (moved != Bench.TIMERS) {
          throw new AssertionError("invalid run: " + moved + " deadline timers instead of " + Bench.TIMERS);
        }
        long fired = 0;
        long deadline = t0 + TimeUnit.SECONDS.toNanos(Bench.TIMER_TIMEOUT_SECONDS);
        while (System.nanoTime() < deadline) {
          long left = db.sql("select count(*) from act_ru_job where job_def_id_ in (select id_ from act_ru_jobdef where act_id_ = :a)")
              .param("a", DEADLINE).query(Long.class).single();
          fired = firedDeadlines(db);
          if (left == 0 && fired >= Bench.TIMERS) {
            break;
          }
          Thread.sleep(200);
        }
        long twice = db.sql("select count(*) from (select proc_inst_id_ from act_hi_actinst where act_id_ = :a"
                + " group by proc_inst_id_ having count(*) > 1) twice").param("a", DEADLINE).query(Long.class).single();
        long overdueTwice = db.sql("select count(*) from (select commitment_id from commitment_status_change where status = 'OVERDUE'"
            + " group by commitment_id having count(*) > 1) twice").query(Long.class).single();
        long reviewsTwice = db.sql("select count(*) from (select proc_inst_id_ from act_hi_taskinst"
            + " where task_def_key_ = 'Task_ReviewOverdueCommitment' group by proc_inst_id_ having count(*) > 1) twice")
            .query(Long.class).single();
        long failed = db.sql("select count(*) from act_ru_job where exception_msg_ is not null").query(Long.class).single();
        Map<String, Object> span = db.sql("select min(start_time_) as first, max(start_time_) as last from act_hi_actinst where act_id_ = :a")
            .param("a", DEADLINE).query().singleRow();
        double firstAt = secondsAfter(span.get("first"), updatedAt);
        double lastAt = secondsAfter(span.get("last"), updatedAt);
        rows.add(List.of(nodes + (nodes == 1 ? " node" : " nodes"), String.valueOf(fired), f(firstAt, 1), f(lastAt, 1),
            f(lastAt - firstAt, 1), f(fired / (lastAt - firstAt), 0), String.valueOf(twice + overdueTwice + reviewsTwice),
            String.valueOf(failed)));
        if (fired < Bench.TIMERS) {
          throw new AssertionError("invalid run: only " + fired + " of " + Bench.TIMERS + " deadlines fired within "
              + Bench.TIMER_TIMEOUT_SECONDS + " s with " + nodes + " node(s)");
        }
        if (twice + overdueTwice + reviewsTwice > 0) {
          throw new AssertionError("invalid run: deadlines fired twice with " + nodes + " node(s): timer " + twice
              + ", OVERDUE status " + overdueTwice + ", review task " + reviewsTwice);
        }
      } finally {
        started.forEach(ConfigurableApplicationContext::close);
      }
    }
    notes.add("each commitment-tracking instance waits at Task_ConfirmImplementation; its due-date timer (" + DEADLINE + ")");
    notes.add("is moved to one instant in one UPDATE, as when the clock reaches it; firing sets OVERDUE and opens the co-leads' review");
    notes.add("first/last fired: start times of the timer's activity instances, counted from the UPDATE; the first one waits for");
    notes.add("the next job acquisition of an idle node (its back-off grows up to camunda.bpm.job-execution.max-wait, 60 s by default)");
    notes.add("fired twice: the same instance's timer, OVERDUE status change or review task more than once (must be 0)");
    notes.add("job executor: " + jobExecutorSettings());
    Bench.print("4. Timers: " + Bench.TIMERS + " commitment deadlines due at the same instant (PostgreSQL, one database)",
        List.of("nodes", "fired", "first fired at +s", "last fired at +s", "firing span s", "timers/s in span", "fired twice",
            "failed jobs"),
        rows, notes.toArray(String[]::new));
  }

  private static double secondsAfter(Object timestamp, Instant from) {
    return timestamp == null ? Double.NaN : (((Timestamp) timestamp).toInstant().toEpochMilli() - from.toEpochMilli()) / 1000.0;
  }

  private static long firedDeadlines(JdbcClient db) {
    return db.sql("select count(*) from act_hi_actinst where act_id_ = :a").param("a", DEADLINE).query(Long.class).single();
  }

  /** Properties given to every node with -Dbench.node.<property>=<value> (e.g. job executor settings). */
  private static Map<String, Object> nodeProperties() {
    Map<String, Object> properties = new HashMap<>();
    System.getProperties().stringPropertyNames().stream().filter(n -> n.startsWith("bench.node."))
        .forEach(n -> properties.put(n.substring("bench.node.".length()), System.getProperty(n)));
    return properties;
  }

  private static String jobExecutorSettings() {
    Map<String, Object> given = new HashMap<>(nodeProperties());
    given.keySet().removeIf(k -> !k.startsWith("camunda.bpm.job-execution"));
    return given.isEmpty() ? "Camunda's defaults (core pool 3, max pool 10, queue 3, 3 jobs per acquisition)"
        : given.toString();
  }

  private static ConfigurableApplicationContext node(TestDatabase db) {
    Map<String, Object> properties = new HashMap<>(Map.of(
        "camunda.bpm.generate-unique-process-engine-name", "true",
        "camunda.bpm.generate-unique-process-application-name", "true",
        "spring.jmx.enabled", "false",
        "DEMO_ROUNDS", "false",
        "logging.level.root", "WARN",
        "spring.main.banner-mode", "off"));
    properties.putAll(nodeProperties());
    return db.startService("postgres,demo", properties);
  }

  /**
   * A database with {@code count} commitment follow-ups, each waiting for the implementation with
   * its due-date timer set: rounds and commitments inserted in bulk, the follow-ups started and
   * their (past) reminder timers run through the engine, job executor off.
   */
  private static TestDatabase seedCommitments(int count) throws Exception {
    TestDatabase seed = PostgresTestDatabase.newDatabase();
    long t0 = System.nanoTime();
    try (ConfigurableApplicationContext seeder = seed.startService("postgres,demo", Map.of(
        "camunda.bpm.job-execution.enabled", "false",
        "camunda.bpm.generate-unique-process-engine-name", "true",
        "camunda.bpm.generate-unique-process-application-name", "true",
        "spring.jmx.enabled", "false",
        "DEMO_ROUNDS", "false",
        "logging.level.root", "WARN",
        "spring.main.banner-mode", "off"))) {
      JdbcClient db = seeder.getBean(JdbcClient.class);
      ProcessEngine seedEngine = seeder.getBean(ProcessEngine.class);
      OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
      LocalDate due = LocalDate.now(ZoneOffset.UTC).plusDays(3); // reminder (due − 7 days) already past
      int perRound = 100;
      int rounds = (count + perRound - 1) / perRound;
      db.sql("""
          insert into consultation_round (id, process_instance_id, level, round_type, title, convening_side,
              status, status_since, created_at, created_by)
          select 'R-BENCH-T' || r, 'bench-R-BENCH-T' || r, 'WORKING', 'REGULAR', 'Timer benchmark round', 'US', 'IMPLEMENTING',
              :now, :now, 'system'
          from generate_series(0, :last) r
          """).param("now", now).param("last", rounds - 1).update();
      db.sql("""
          insert into commitment (id, round_id, session_no, owner_side, action, due_date, status, created_at)
          select 'R-BENCH-T' || (g / :per) || '-S1-C' || (g % :per + 1), 'R-BENCH-T' || (g / :per), 1, 'US', 'Benchmark commitment',
              :due, 'PENDING', :now
          from generate_series(0, :last) g
          """).param("per", perRound).param("due", due).param("now", now).param("last", count - 1).update();
      List<String> ids = db.sql("select id from commitment where round_id like 'R-BENCH-T%' order by id").query(String.class).list();
      parallel(Bench.THREADS, ids.size(), i -> {
        String id = ids.get(i);
        seedEngine.getRuntimeService().startProcessInstanceByKey(CommitmentProcess.KEY, id,
            Map.of("roundId", id.substring(0, id.indexOf("-S1-")), "commitmentId", id));
      });
      List<String> reminders = seedEngine.getManagementService().createJobQuery()
          .activityId("TimerEvent_ReminderDateReached").timers().list().stream().map(Job::getId).toList();
      parallel(Bench.THREADS, reminders.size(), i -> seedEngine.getManagementService().executeJob(reminders.get(i)));
      long deadlines = db.sql("select count(*) from act_ru_job where job_def_id_ in (select id_ from act_ru_jobdef where act_id_ = :a)")
          .param("a", DEADLINE).query(Long.class).single();
      if (deadlines != count) {
        throw new AssertionError("invalid seed: " + deadlines + " deadline timers instead of " + count);
      }
    }
    System.out.printf("timers: %d commitment follow-ups seeded in %.0f s%n", count, (System.nanoTime() - t0) / 1e9);
    return seed;
  }

  // ---------------------------------------------------------------------------------------------
  // 5. Footprint

  @Test
  @Order(5)
  void footprintOfThePackagedService() throws Exception {
    if (!Bench.table(5)) {
      return;
    }
    Path jar = Path.of("target", "consultation-mechanism.jar");
    if (!Files.exists(jar)) {
      throw new AssertionError("no " + jar + ": run the benchmark with ./mvnw -B verify -Pbench (it packages the jar first)");
    }
    List<List<String>> rows = new ArrayList<>();
    for (String kind : List.of("H2", "PostgreSQL")) {
      Map<String, String> env = new HashMap<>();
      if (kind.equals("H2")) {
        Path dir = Files.createTempDirectory(Files.createDirectories(Path.of("target", "bench")), "h2-");
        env.put("DB_URL", "jdbc:h2:file:" + dir.toAbsolutePath().resolve("consultation"));
        env.put("DB_USER", "sa");
        env.put("DB_PASSWORD", "");
      } else {
        TestDatabase db = PostgresTestDatabase.newDatabase();
        env.put("SPRING_PROFILES_ACTIVE", "postgres");
        env.put("DB_URL", db.url());
        env.put("DB_USER", db.user());
        env.put("DB_PASSWORD", db.password());
      }
      List<Double> restarts = new ArrayList<>();
      List<Double> springSeconds = new ArrayList<>();
      List<Double> rss = new ArrayList<>();
      double first = Double.NaN;
      for (int run = 0; run <= Bench.FOOTPRINT_RUNS; run++) {
        double[] measured = startJar(jar, env, kind + "-" + run);
        if (run == 0) {
          first = measured[0];
        } else {
          restarts.add(measured[0]);
          springSeconds.add(measured[1]);
          rss.add(measured[2]);
        }
      }
      rows.add(List.of(kind, f(first, 1), f(median(restarts), 1), f(median(springSeconds), 1), f(median(rss), 0)));
    }
    Bench.print("5. Footprint of the packaged service (java -jar target/consultation-mechanism.jar, default JVM settings; median of "
            + Bench.FOOTPRINT_RUNS + " restarts)",
        List.of("database", "first start s (creates schema)", "restart s (until /actuator/health UP)", "Spring's 'Started in' s",
            "RSS MB after start"),
        rows,
        "start-up is wall-clock from launching the JVM to the first 200 of /actuator/health; RSS is VmRSS of the JVM then");
  }

  private static final Pattern STARTED = Pattern.compile("Started \\w+ in ([0-9.]+) seconds");

  /** Starts the jar, waits until it is healthy; returns seconds until healthy, Spring's own figure, RSS in MB. */
  private static double[] startJar(Path jar, Map<String, String> env, String name) throws Exception {
    int jarPort;
    try (ServerSocket socket = new ServerSocket(0)) {
      jarPort = socket.getLocalPort();
    }
    Path log = Path.of("target", "bench", "footprint-" + name + ".log");
    Files.createDirectories(log.getParent());
    String java = ProcessHandle.current().info().command().orElse("java");
    ProcessBuilder builder = new ProcessBuilder(java, "-jar", jar.toAbsolutePath().toString())
        .redirectErrorStream(true).redirectOutput(log.toFile());
    builder.environment().putAll(env);
    builder.environment().put("PORT", String.valueOf(jarPort));
    long t0 = System.nanoTime();
    Process process = builder.start();
    try {
      HttpClient client = HttpClient.newHttpClient();
      HttpRequest health = HttpRequest.newBuilder(URI.create("http://localhost:" + jarPort + "/actuator/health"))
          .timeout(Duration.ofSeconds(2)).build();
      long deadline = t0 + TimeUnit.SECONDS.toNanos(300);
      while (true) {
        if (!process.isAlive() || System.nanoTime() > deadline) {
          throw new AssertionError("invalid run: the packaged service did not start (" + log + ")");
        }
        try {
          if (client.send(health, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
            break;
          }
        } catch (IOException notYet) {
          // not listening yet
        }
        Thread.sleep(100);
      }
      double seconds = (System.nanoTime() - t0) / 1e9;
      Thread.sleep(1000);
      double rssMb = rssKb(process.pid()) / 1024.0;
      Matcher started = STARTED.matcher(Files.readString(log));
      double spring = started.find() ? Double.parseDouble(started.group(1)) : Double.NaN;
      return new double[] {seconds, spring, rssMb};
    } finally {
      process.destroy();
      if (!process.waitFor(60, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor();
      }
    }
  }

  private static long rssKb(long pid) {
    try {
      for (String line : Files.readAllLines(Path.of("/proc", String.valueOf(pid), "status"))) {
        if (line.startsWith("VmRSS:")) {
          return Long.parseLong(line.replaceAll("[^0-9]", ""));
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return -1;
  }

  // ---------------------------------------------------------------------------------------------

  /** Runs action(0..n-1) on the given number of threads; the first failure fails the run. */
  static void parallel(int threads, int n, IntConsumer action) throws Exception {
    AtomicInteger next = new AtomicInteger();
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      List<Future<?>> done = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        done.add(pool.submit(() -> {
          for (int i = next.getAndIncrement(); i < n; i = next.getAndIncrement()) {
            action.accept(i);
          }
          return null;
        }));
      }
      for (Future<?> f : done) {
        f.get();
      }
    } finally {
      pool.shutdownNow();
    }
  }

  private static String fs(List<Double> values) {
    return values.stream().map(v -> f(v, 2)).toList().toString();
  }
}
