package org.tradeconsult.mechanism.reliability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.tradeconsult.mechanism.reliability.Rounds.RESPONSE_WINDOW_TIMER;
import static org.tradeconsult.mechanism.round.RoundProcess.TASK_CONFIRM_ARRANGEMENTS;
import static org.tradeconsult.mechanism.round.RoundProcess.TASK_PROPOSE_ARRANGEMENTS;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.tradeconsult.mechanism.support.EngineRest;
import org.tradeconsult.mechanism.support.Http;
import org.tradeconsult.mechanism.support.PostgresTestDatabase;
import org.tradeconsult.mechanism.support.ServiceProcess;
import org.tradeconsult.mechanism.support.Sql;
import org.tradeconsult.mechanism.support.TestDatabase;

/**
 * Two service processes (the packaged jar, twice) on one PostgreSQL database: Camunda's
 * homogeneous cluster, both job executors on. Statements released exactly once by two nodes:
 * {@code StatementReleaseClusterIT}.
 */
class TwoNodeClusterIT {

  static final int TIMERS = 1000;

  static TestDatabase database;
  static Sql sql;
  static ServiceProcess nodeA;
  static ServiceProcess nodeB;

  @BeforeAll
  static void startTwoNodes() {
    database = PostgresTestDatabase.newDatabase();
    sql = new Sql(database);
    // one after the other: the first creates the schema
    nodeA = ServiceProcess.start("node-a", database, node("node-a"));
    nodeB = ServiceProcess.start("node-b", database, node("node-b"));
  }

  private static Map<String, String> node(String name) {
    Map<String, String> properties = new HashMap<>(ServiceProcess.promptJobExecutor());
    // written into the job log (act_hi_job_log.hostname_), so it shows which node ran each job
    properties.put("camunda.bpm.generic-properties.properties.hostname", name);
    return properties;
  }

  @AfterAll
  static void stopNodes() {
    if (nodeB != null) {
      nodeB.close();
    }
    if (nodeA != null) {
      nodeA.close();
    }
  }

  @Test
  void aThousandTimersDueAtTheSameInstantFireExactlyOnceAcrossTwoNodes() throws Exception {
    String marker = "cluster-" + UUID.randomUUID().toString().substring(0, 8);
    Http a = nodeA.http();
    Http b = nodeB.http();
    long started = System.nanoTime();
    List<String> requests = Rounds.inParallel(TIMERS, 4, i -> {
      HttpResponse<String> created = Rounds.post(i % 2 == 0 ? a : b, "cn-secretary", Rounds.request(marker + " " + i), null);
      assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
      return Rounds.id(created);
    });
    double startSeconds = (System.nanoTime() - started) / 1e9;
    List<String> timers = Rounds.timerJobs(sql, RESPONSE_WINDOW_TIMER);
    assertThat(timers).hasSize(TIMERS);

    // one due instant for all, set in the database (the response window itself is days long)
    Instant due = Instant.now().plusSeconds(20);
    Rounds.dueAt(sql, timers, due);
    assertThat(sql.count("select count(distinct duedate_) from act_ru_job where id_ = any(?)", (Object) timers.toArray(String[]::new))).isEqualTo(1);
    assertThat(fired()).as("none fired before the instant").isZero();

    long deadline = System.nanoTime() + Duration.ofSeconds(240).toNanos();
    while (System.nanoTime() < deadline && (fired() < TIMERS || Instant.now().isBefore(due))) {
      Thread.sleep(250);
    }
    double fireSeconds = Duration.between(due, Instant.now()).toMillis() / 1000.0;
    Thread.sleep(2000);

    Map<String, String> perRound = sql.pairs("select p.business_key_, count(a.id_) from act_hi_procinst p left join act_hi_actinst a"
        + " on a.proc_inst_id_ = p.id_ and a.act_id_ = ? where p.business_key_ = any(?) group by p.business_key_",
        RESPONSE_WINDOW_TIMER, requests.toArray(String[]::new));
    assertThat(perRound).hasSize(TIMERS);
    assertThat(perRound.values()).as("each timer fired exactly once").containsOnly("1");
    assertThat(Rounds.timerJobs(sql, RESPONSE_WINDOW_TIMER)).isEmpty();
    assertThat(sql.count("select count(*) from act_hi_actinst where act_id_ = ? and start_time_ < ?", RESPONSE_WINDOW_TIMER, java.sql.Timestamp.from(due)))
        .as("none before its instant").isZero();
    Map<String, String> byNode = sql.pairs("select hostname_, count(*) from act_hi_job_log where job_def_type_ = 'timer-transition'"
        + " and job_id_ = any(?) and job_state_ = 2 group by hostname_ order by hostname_", (Object) timers.toArray(String[]::new));
    long failures = sql.count("select count(*) from act_hi_job_log where job_id_ = any(?) and job_state_ = 1", (Object) timers.toArray(String[]::new));
    long successes = byNode.values().stream().mapToLong(Long::parseLong).sum();
    System.out.printf("[cluster] %d ad-hoc requests started over HTTP on two nodes in %.1f s; %d timers due at one instant fired within %.1f s;"
        + " successful executions per node %s, failed executions %d%n", TIMERS, startSeconds, fired(), fireSeconds, byNode, failures);
    assertThat(successes).as("one successful execution per timer").isEqualTo(TIMERS);
    assertThat(byNode.keySet()).containsExactly("node-a", "node-b");
    assertThat(failures).isZero();
    assertThat(sql.count("select count(*) from round_open_task where round_id = any(?) and activity_id = 'Task_DecideEscalatedRequest'",
        (Object) requests.toArray(String[]::new))).isEqualTo(TIMERS);
    assertThat(sql.count("select count(*) from act_ru_incident")).isZero();
  }

  @Test
  void aUserMovesBetweenNodesWithoutLosingWork() {
    Http a = nodeA.http();
    Http b = nodeB.http();
    String key = UUID.randomUUID().toString();
    String body = Rounds.convene("Moving between nodes " + key);

    HttpResponse<String> onA = Rounds.post(a, "us-secretary", body, key);
    // the client did not see the answer (say node A went away) and retries on node B
    HttpResponse<String> retriedOnB = Rounds.post(b, "us-secretary", body, key);
    assertThat(onA.statusCode()).isEqualTo(201);
    assertThat(retriedOnB.statusCode()).isEqualTo(200);
    String id = Rounds.id(onA);
    assertThat(Rounds.id(retriedOnB)).isEqualTo(id);
    assertThat(sql.count("select count(*) from consultation_round where id = ?", id)).isEqualTo(1);

    // the task is seen and worked on node B, the result read on node A
    EngineRest restB = new EngineRest(b);
    String task = restB.taskId(id, TASK_PROPOSE_ARRANGEMENTS, "us-secretary");
    assertThat(new EngineRest(a).taskId(id, TASK_PROPOSE_ARRANGEMENTS, "us-secretary")).isEqualTo(task);
    HttpResponse<String> completed = restB.complete(task, "us-secretary", Map.of("host", "US", "venue", "Washington",
        "startDate", Rounds.START.toString(), "endDate", Rounds.START.plusDays(1).toString()));
    assertThat(completed.statusCode()).as(completed.body()).isEqualTo(204);
    assertThat(Rounds.get(a, id).path("awaited").path("tasks").get(0).path("activityId").asText()).isEqualTo(TASK_CONFIRM_ARRANGEMENTS);
    // completing the same task again on node A is refused: it is done
    assertThat(new EngineRest(a).complete(task, "us-secretary", Map.of("host", "US")).statusCode()).isEqualTo(404);
  }

  /**
   * Camunda's webapps keep their login in the servlet session of the node that served it
   * (in memory, not in the database): behind a load balancer the webapps need sticky sessions,
   * or the user logs in again on the other node. The API is stateless (HTTP Basic) and moves freely.
   */
  @Test
  void aTasklistLoginBelongsToTheNodeThatMadeIt() throws Exception {
    // one cookie jar for both nodes, as a browser behind one load-balanced host name would have
    java.net.CookieManager cookies = new java.net.CookieManager(null, java.net.CookiePolicy.ACCEPT_ALL);
    java.net.http.HttpClient browser = java.net.http.HttpClient.newBuilder().cookieHandler(cookies).build();
    String a = "http://localhost:" + nodeA.port();
    String b = "http://localhost:" + nodeB.port();
    browser.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(a + "/camunda/app/tasklist/default/")).build(),
        HttpResponse.BodyHandlers.discarding());
    String xsrf = cookies.getCookieStore().getCookies().stream().filter(c -> c.getName().equals("XSRF-TOKEN"))
        .findFirst().orElseThrow().getValue();
    HttpResponse<String> login = browser.send(java.net.http.HttpRequest.newBuilder(
            java.net.URI.create(a + "/camunda/api/admin/auth/user/default/login/tasklist"))
        .header("Content-Type", "application/x-www-form-urlencoded").header("X-XSRF-TOKEN", xsrf)
        .POST(java.net.http.HttpRequest.BodyPublishers.ofString("username=us-secretary&password=demo")).build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(login.statusCode()).as(login.body()).isEqualTo(200);

    String tasks = "/camunda/api/engine/engine/default/task/count";
    HttpResponse<String> onA = browser.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(a + tasks)).build(),
        HttpResponse.BodyHandlers.ofString());
    HttpResponse<String> onB = browser.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(b + tasks)).build(),
        HttpResponse.BodyHandlers.ofString());
    System.out.printf("[cluster] Tasklist session of node A: node A answers %d, node B answers %d%n", onA.statusCode(), onB.statusCode());
    assertThat(onA.statusCode()).isEqualTo(200);
    assertThat(onB.statusCode()).as("node B does not know node A's session").isEqualTo(401);
  }

  private static long fired() {
    return sql.count("select count(*) from act_hi_actinst where act_id_ = ?", RESPONSE_WINDOW_TIMER);
  }
}
