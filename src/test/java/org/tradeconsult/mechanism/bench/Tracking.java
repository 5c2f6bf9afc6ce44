package org.tradeconsult.mechanism.bench;

import static org.tradeconsult.mechanism.bench.Bench.f;
import static org.tradeconsult.mechanism.bench.Bench.median;
import static org.tradeconsult.mechanism.bench.Bench.percentile;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.boot.web.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.tradeconsult.mechanism.support.PostgresTestDatabase;
import org.tradeconsult.mechanism.support.TestDatabase;

/**
 * Table 3: what people track (the dashboard, the rounds list by status) while years of rounds
 * accumulate. Rounds are seeded in bulk straight into our tables: a constant number of active
 * rounds (the mechanism has a handful under way at any time) on top of a growing history of ended
 * ones, each concluded round with a commitment and, every other one, a released joint statement,
 * and four audit events (registration, session, both co-leads' decisions) per round that met.
 * No engine rows are seeded: these endpoints must not read the engine's history, and the benchmark
 * shows it with pg_stat_statements (statements per request on act_hi_ tables, expected 0).
 */
final class Tracking {

  /** Rounds under way at any time, whatever the history's size. */
  static final int ACTIVE = Integer.getInteger("bench.tracking-active", 60);

  static final String ACTIVE_STATUSES = "AWAITING_COUNTERPART,PREPARING,IN_SESSION,AWAITING_CO_LEAD_APPROVAL,AWAITING_LEADERS,"
      + "COMMUNICATING_OUTCOME,IMPLEMENTING";

  /** The endpoints measured, by name. */
  static final Map<String, String> ENDPOINTS = endpoints();

  private static Map<String, String> endpoints() {
    Map<String, String> endpoints = new LinkedHashMap<>();
    endpoints.put("GET /api/v1/dashboard", "/api/v1/dashboard");
    endpoints.put("GET /api/v1/rounds?status=<active>", "/api/v1/rounds?status=" + ACTIVE_STATUSES);
    endpoints.put("GET /api/v1/rounds?status=PREPARING", "/api/v1/rounds?status=PREPARING");
    endpoints.put("GET /api/v1/rounds?status=CONCLUDED", "/api/v1/rounds?status=CONCLUDED");
    // the gauges read the database at every scrape (not a target of the issue; shown for the sizing)
    endpoints.put("GET /actuator/prometheus", "/actuator/prometheus");
    return endpoints;
  }

  private Tracking() {}

  static void run() throws Exception {
    TestDatabase database = PostgresTestDatabase.newDatabase();
    try (ConfigurableApplicationContext service = database.startService("postgres,demo", Map.of(
        "camunda.bpm.job-execution.enabled", "false",
        "camunda.bpm.generate-unique-process-engine-name", "true",
        "camunda.bpm.generate-unique-process-application-name", "true",
        "spring.jmx.enabled", "false",
        "DEMO_ROUNDS", "false",
        "spring.main.banner-mode", "off",
        "logging.level.root", "WARN"))) {
      JdbcClient jdbc = service.getBean(JdbcClient.class);
      int port = ((WebServerApplicationContext) service).getWebServer().getPort();
      seedActive(jdbc);
      Map<String, Map<Integer, double[]>> results = new LinkedHashMap<>();
      ENDPOINTS.keySet().forEach(name -> results.put(name, new LinkedHashMap<>()));
      List<String> engineTouches = new ArrayList<>();
      int seeded = ACTIVE;
      for (int size : Bench.TRACKING_SIZES) {
        seedHistory(jdbc, seeded, size);
        seeded = Math.max(seeded, size);
        jdbc.sql("vacuum analyze").update();
        for (Map.Entry<String, String> endpoint : ENDPOINTS.entrySet()) {
          if (status(port, endpoint.getValue()) == 404) {
            continue; // not in this build (the dashboard and the metrics came later than the rounds list)
          }
          List<double[]> runs = new ArrayList<>();
          get(port, endpoint.getValue(), 20); // warm-up
          for (int run = 0; run < Bench.RUNS; run++) {
            List<Double> ms = get(port, endpoint.getValue(), Bench.TRACKING_REQUESTS);
            runs.add(new double[] {percentile(ms, 50), percentile(ms, 95)});
          }
          results.get(endpoint.getKey()).put(size, new double[] {
              median(runs.stream().map(r -> r[0]).toList()), median(runs.stream().map(r -> r[1]).toList())});
        }
        engineTouches.add(size + ": " + engineStatements(jdbc, port, size));
        explain(jdbc, size);
      }
      List<Integer> sizes = Bench.TRACKING_SIZES;
      List<String> header = new ArrayList<>(List.of("endpoint"));
      sizes.forEach(s -> {
        header.add(label(s) + " p50 ms");
        header.add(label(s) + " p95 ms");
      });
      header.add("p95 growth " + label(sizes.get(sizes.size() - 1)) + "/" + label(sizes.get(0)));
      List<List<String>> rows = new ArrayList<>();
      results.forEach((name, bySize) -> {
        List<String> row = new ArrayList<>(List.of(name));
        sizes.forEach(s -> {
          double[] r = bySize.get(s);
          row.add(r == null ? "n/a" : f(r[0], 1));
          row.add(r == null ? "n/a" : f(r[1], 1));
        });
        double[] first = bySize.get(sizes.get(0));
        double[] last = bySize.get(sizes.get(sizes.size() - 1));
        row.add(first == null || last == null ? "n/a" : Bench.ratio(last[1], first[1]));
        rows.add(row);
      });
      Bench.print("3. Tracking at scale (PostgreSQL; " + ACTIVE + " active rounds on top of a growing history; one client, HTTP Basic as observer; "
              + Bench.TRACKING_REQUESTS + " requests per endpoint and size, median of " + Bench.RUNS + " runs)  target: p95 ≤ 25 ms at 100k, growth ≤ 1.5×",
          header, rows,
          "rounds seeded in bulk into consultation_round (+ round_open_task for active rounds, a commitment per concluded round,",
          "a released joint statement per second concluded round), then VACUUM ANALYZE as autovacuum would; pages of 20 (the default)",
          "SQL statements per request by size (pg_stat_statements; login = act_id_ tables of HTTP Basic; engine runtime = act_ru_/act_re_/act_ge_;",
          "engine history = act_hi_, which grows with the years and must stay 0):",
          "  " + String.join("\n    ", engineTouches),
          "query plans and statements at each size: target/bench/explain-<size>.txt, target/bench/statements-<size>.txt");
    }
  }

  private static String label(int size) {
    return size >= 1000 && size % 1000 == 0 ? size / 1000 + "k" : String.valueOf(size);
  }

  private static int status(int port, String path) throws IOException, InterruptedException {
    HttpRequest request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
        .header("Authorization", "Basic " + Base64.getEncoder().encodeToString("observer:demo".getBytes(StandardCharsets.UTF_8))).GET().build();
    return HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
  }

  /** Sequential GETs as the observer; every answer must be 200. */
  private static List<Double> get(int port, String path, int count) throws IOException, InterruptedException {
    HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    String auth = "Basic " + Base64.getEncoder().encodeToString("observer:demo".getBytes(StandardCharsets.UTF_8));
    HttpRequest request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + path)).header("Authorization", auth).GET().build();
    List<Double> ms = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      long t0 = System.nanoTime();
      HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString());
      ms.add((System.nanoTime() - t0) / 1e6);
      if (response.statusCode() != 200) {
        throw new AssertionError("invalid run: " + path + " answered " + response.statusCode() + ": " + response.body());
      }
    }
    return ms;
  }

  /** SQL statements per request of each endpoint: all, the login's (act_id_) and the engine's other tables (should be none). */
  private static String engineStatements(JdbcClient jdbc, int port, int size) throws Exception {
    try {
      jdbc.sql("create extension if not exists pg_stat_statements").update();
      jdbc.sql("select pg_stat_statements_reset()").query().singleRow();
    } catch (RuntimeException e) {
      return "n/a";
    }
    StringBuilder perEndpoint = new StringBuilder();
    StringBuilder statements = new StringBuilder();
    for (Map.Entry<String, String> endpoint : ENDPOINTS.entrySet()) {
      if (status(port, endpoint.getValue()) == 404) {
        continue;
      }
      jdbc.sql("select pg_stat_statements_reset()").query().singleRow();
      get(port, endpoint.getValue(), 10);
      Map<String, Object> calls = jdbc.sql("select coalesce(sum(calls), 0) as total,"
              + " coalesce(sum(calls) filter (where query ~* '\\mact_id_'), 0) as login,"
              + " coalesce(sum(calls) filter (where query ~* '\\mact_(ru|re|ge)_'), 0) as runtime,"
              + " coalesce(sum(calls) filter (where query ~* '\\mact_hi_'), 0) as history"
              + " from pg_stat_statements s join pg_database d on d.oid = s.dbid"
              + " where d.datname = current_database() and query !~* 'pg_stat_statements'")
          .query().singleRow();
      statements.append("-- ").append(endpoint.getKey()).append(": calls per 10 requests\n");
      jdbc.sql("select calls, regexp_replace(query, '\\s+', ' ', 'g') as q from pg_stat_statements s join pg_database d on d.oid = s.dbid"
              + " where d.datname = current_database() and query !~* 'pg_stat_statements' order by calls desc")
          .query((rs, n) -> statements.append(rs.getLong("calls")).append("  ").append(rs.getString("q")).append('\n')).list();
      perEndpoint.append(perEndpoint.isEmpty() ? "" : ", ").append(endpoint.getKey().replace("GET /api/v1/", ""))
          .append(" ").append(f(((Number) calls.get("total")).doubleValue() / 10, 1)).append(" (login ")
          .append(f(((Number) calls.get("login")).doubleValue() / 10, 1)).append(", engine runtime ")
          .append(f(((Number) calls.get("runtime")).doubleValue() / 10, 1)).append(", engine history ")
          .append(f(((Number) calls.get("history")).doubleValue() / 10, 1)).append(")");
    }
    Path file = Path.of("target", "bench", "statements-" + size + ".txt");
    Files.createDirectories(file.getParent());
    Files.writeString(file, statements);
    return perEndpoint.toString();
  }

  /** The plans of the rounds list's two statements (as RoundQueryRepository issues them) and of the board's counts, for the record. */
  private static void explain(JdbcClient jdbc, int size) throws IOException {
    StringBuilder out = new StringBuilder();
    for (String statuses : List.of("'" + ACTIVE_STATUSES.replace(",", "','") + "'", "'CONCLUDED'")) {
      for (String sql : List.of(
          "select * from consultation_round where 1 = 1 and status in (" + statuses + ") order by created_at desc nulls last, id asc nulls last"
              + " offset 0 rows fetch next 20 rows only",
          "select count(*) from consultation_round where 1 = 1 and status in (" + statuses + ")")) {
        out.append("-- ").append(sql).append('\n');
        plan(jdbc, sql, out);
      }
    }
    // the counts of the dashboard (DashboardRepository) and of the metrics' snapshot, as they are issued
    for (String sql : List.of(
        "select status, level, count(*) as count from consultation_round group by status, level",
        "select status, '' as level, count(*) as count from commitment group by status",
        "select count(*) from statement where status = 'RELEASED'",
        "select action as status, substring(details, 1, 2) as level, count(*) as count from audit_event"
            + " where action in ('OUTCOME_APPROVED', 'OUTCOME_REJECTED') group by action, substring(details, 1, 2)")) {
      plan(jdbc, sql, out);
    }
    Path file = Path.of("target", "bench", "explain-" + size + ".txt");
    Files.createDirectories(file.getParent());
    Files.writeString(file, out);
  }

  private static void plan(JdbcClient jdbc, String sql, StringBuilder out) {
    out.append("-- ").append(sql).append('\n');
    jdbc.sql("explain (analyze, buffers) " + sql).query((rs, n) -> rs.getString(1)).list().forEach(l -> out.append(l).append('\n'));
    out.append('\n');
  }

  /** The rounds under way: newest, each waiting for one side's task. */
  private static void seedActive(JdbcClient jdbc) {
    String[] statuses = ACTIVE_STATUSES.split(",");
    StringBuilder cases = new StringBuilder("case g % " + statuses.length);
    for (int i = 0; i < statuses.length; i++) {
      cases.append(" when ").append(i).append(" then '").append(statuses[i]).append("'");
    }
    cases.append(" end");
    jdbc.sql("""
        insert into consultation_round (id, process_instance_id, level, round_type, title, convening_side, leaders_endorsement,
            requested_host, host, venue, start_date, end_date, status, awaited_sides, status_since, session_count, created_at, created_by)
        select 'R-ACTIVE-' || lpad(g::text, 5, '0'), 'seed-active-' || g, (array['PRINCIPAL','DEPUTY','WORKING'])[1 + g % 3],
            case when g % 5 = 0 then 'AD_HOC' else 'REGULAR' end, 'Active round ' || g, case when g % 2 = 0 then 'US' else 'CN' end,
            g % 4 = 0, 'US', case when g % 2 = 0 then 'CN' else 'US' end, 'Venue ' || g,
            current_date + (g % 90), current_date + (g % 90) + 1, CASES, case when g % 2 = 0 then 'CN' else 'US' end,
            now() - g * interval '1 hour', 0, now() - g * interval '1 day', 'us-secretary'
        from generate_series(1, :n) g
        """.replace("CASES", cases)).param("n", ACTIVE).update();
    jdbc.sql("""
        insert into round_open_task (task_id, round_id, activity_id, task_name, sides, role, created_at)
        select 'seed-task-' || g, 'R-ACTIVE-' || lpad(g::text, 5, '0'), 'Task_ProposeArrangements', 'Seeded task',
            case when g % 2 = 0 then 'CN' else 'US' end, 'SECRETARIAT', now() - g * interval '1 hour'
        from generate_series(1, :n) g
        """).param("n", ACTIVE).update();
    jdbc.sql("""
        insert into commitment (id, round_id, session_no, owner_side, action, due_date, status, status_since, created_at)
        select r.id || '-S1-C' || c, r.id, 1, case when c = 1 then 'US' else 'CN' end, 'Seeded commitment', current_date + c * 30,
            (array['PENDING','DUE_SOON','OVERDUE'])[1 + c], now(), now()
        from consultation_round r, generate_series(1, 2) c where r.status = 'IMPLEMENTING'
        """).update();
  }

  /** Ended rounds numbered from+1..to, older the lower the number, with their commitments and statements. */
  private static void seedHistory(JdbcClient jdbc, int from, int to) {
    if (to <= from) {
      return;
    }
    // g % 100: 0-84 concluded, 85-89 no agreement, 90-94 cancelled, 95-97 declined, 98-99 lapsed
    jdbc.sql("""
        insert into consultation_round (id, process_instance_id, level, round_type, title, convening_side, leaders_endorsement,
            requested_host, host, venue, start_date, end_date, status, status_since, outcome_form, session_count,
            created_at, created_by, ended_at)
        select 'R-HIST-' || lpad(g::text, 7, '0'), 'seed-hist-' || g, (array['PRINCIPAL','DEPUTY','WORKING'])[1 + g % 3],
            case when g % 5 = 0 then 'AD_HOC' else 'REGULAR' end, 'Past round ' || g, case when g % 2 = 0 then 'US' else 'CN' end,
            g % 4 = 0, 'US', case when g % 2 = 0 then 'CN' else 'US' end, 'Venue ' || (g % 40),
            date '2000-01-01' + g / 10, date '2000-01-01' + g / 10 + 1,
            case when g % 100 < 85 then 'CONCLUDED' when g % 100 < 90 then 'NO_AGREEMENT' when g % 100 < 95 then 'CANCELLED'
                 when g % 100 < 98 then 'DECLINED' else 'LAPSED' end,
            timestamp with time zone '2000-01-01 00:00:00+00' + g * interval '2 hours',
            case when g % 100 < 85 then (case when g % 2 = 0 then 'JOINT_STATEMENT' else 'SEPARATE_READOUTS' end) end,
            case when g % 100 < 90 then 1 else 0 end,
            timestamp with time zone '2000-01-01 00:00:00+00' + g * interval '2 hours' - interval '30 days', 'us-secretary',
            timestamp with time zone '2000-01-01 00:00:00+00' + g * interval '2 hours'
        from generate_series(:from, :to) g
        """).param("from", from + 1).param("to", to).update();
    jdbc.sql("""
        insert into commitment (id, round_id, session_no, owner_side, action, due_date, status, status_since, created_at, ended_at)
        select r.id || '-S1-C1', r.id, 1, r.convening_side, 'Past commitment', r.end_date + 90,
            case when right(r.id, 1) in ('1', '5') then 'LAPSED' else 'CLOSED' end, r.ended_at, r.created_at, r.ended_at
        from consultation_round r
        where r.id >= :first and r.id <= :last and r.status = 'CONCLUDED'
        """).param("first", "R-HIST-" + pad(from + 1)).param("last", "R-HIST-" + pad(to)).update();
    // the audit trail grows with the history too: the co-leads' decisions (counted by the board),
    // the registration and the session of every round that met
    jdbc.sql("""
        insert into audit_event (occurred_at, actor, action, subject_type, subject_id, details)
        select r.created_at + e * interval '1 day', 'seed',
            (array['ROUND_REGISTERED', 'SESSION_RECORDED', 'OUTCOME_APPROVED', 'OUTCOME_APPROVED'])[e],
            'round', r.id, case e when 3 then 'US' when 4 then 'CN' end
        from consultation_round r, generate_series(1, 4) e
        where r.id >= :first and r.id <= :last and r.session_count > 0
        """).param("first", "R-HIST-" + pad(from + 1)).param("last", "R-HIST-" + pad(to)).update();
    jdbc.sql("""
        insert into statement (id, round_id, process_instance_id, title, text_en, text_zh, status, release_at, released_at, created_at)
        select r.id || '-JS', r.id, 'seed-js-' || r.id, r.title, 'Joint statement', '联合声明', 'RELEASED', r.ended_at, r.ended_at, r.created_at
        from consultation_round r
        where r.id >= :first and r.id <= :last and r.outcome_form = 'JOINT_STATEMENT'
        """).param("first", "R-HIST-" + pad(from + 1)).param("last", "R-HIST-" + pad(to)).update();
  }

  private static String pad(int n) {
    return String.format("%07d", n);
  }
}
