package org.tradeconsult.mechanism.reliability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.tradeconsult.mechanism.reliability.Rounds.RESPONSE_WINDOW_TIMER;
import static org.tradeconsult.mechanism.round.RoundProcess.TASK_CONFIRM_ARRANGEMENTS;
import static org.tradeconsult.mechanism.round.RoundProcess.TASK_DECIDE_ESCALATED_REQUEST;
import static org.tradeconsult.mechanism.round.RoundProcess.TASK_PROPOSE_AGENDA_CN;
import static org.tradeconsult.mechanism.round.RoundProcess.TASK_PROPOSE_AGENDA_US;
import static org.tradeconsult.mechanism.round.RoundProcess.TASK_PROPOSE_ARRANGEMENTS;

import java.io.UncheckedIOException;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.tradeconsult.mechanism.support.EngineRest;
import org.tradeconsult.mechanism.support.Http;
import org.tradeconsult.mechanism.support.PostgresTestDatabase;
import org.tradeconsult.mechanism.support.ServiceProcess;
import org.tradeconsult.mechanism.support.Sql;
import org.tradeconsult.mechanism.support.TestDatabase;

/**
 * The packaged service, a real child process on PostgreSQL, is killed with SIGKILL while 200
 * rounds are in flight (in four different states), 100 timers are pending and requests keep
 * arriving; it is restarted on the same database. Every round it accepted (every 201) is still
 * there and goes on; the timers that fell due while it was down fire exactly once.
 */
class CrashRecoveryIT {

  static final int REQUESTS = 100;     // ad-hoc requests awaiting the counterpart, each with a response-window timer
  static final int CONVENED = 100;     // regular rounds: 50 awaiting arrangements, 30 awaiting confirmation, 20 cancelled
  static final int ARRANGED = 30;
  static final int CANCELLED = 20;

  @Test
  void aKilledServiceLosesNoAcceptedRoundAndFiresEachTimerDueWhileDownExactlyOnce() throws Exception {
    TestDatabase database = PostgresTestDatabase.newDatabase();
    Sql sql = new Sql(database);
    try (ServiceProcess service = ServiceProcess.start("crash", database, ServiceProcess.promptJobExecutor())) {
      Http http = service.http();
      EngineRest rest = new EngineRest(http);
      String marker = "crash-" + UUID.randomUUID().toString().substring(0, 8);

      // 200 rounds started over HTTP: 100 ad-hoc requests, 100 regular rounds
      List<String> requests = Rounds.inParallel(REQUESTS, 4, i -> created(Rounds.post(http, "cn-secretary", Rounds.request(marker + " request " + i), null)));
      List<String> convened = Rounds.inParallel(CONVENED, 4, i -> created(Rounds.post(http, "us-secretary", Rounds.convene(marker + " round " + i), null)));
      List<String> arranged = convened.subList(0, ARRANGED);
      List<String> cancelled = convened.subList(ARRANGED, ARRANGED + CANCELLED);
      List<String> awaitingArrangements = convened.subList(ARRANGED + CANCELLED, CONVENED);
      Rounds.inParallel(ARRANGED, 4, i -> {
        String task = rest.taskId(arranged.get(i), TASK_PROPOSE_ARRANGEMENTS, "us-secretary");
        HttpResponse<String> done = rest.complete(task, "us-secretary", Map.of("host", "US", "venue", "Washington",
            "startDate", Rounds.START.toString(), "endDate", Rounds.START.plusDays(1).toString()));
        assertThat(done.statusCode()).as(done.body()).isEqualTo(204);
        return null;
      });
      Rounds.inParallel(CANCELLED, 4, i -> {
        HttpResponse<String> done = http.postJson(Rounds.ROUNDS + "/" + cancelled.get(i) + "/cancel", "cn-secretary", "{\"reason\": \"Crash test\"}");
        assertThat(done.statusCode()).as(done.body()).isEqualTo(200);
        return null;
      });

      // the response windows of all requests fall due a few seconds after the kill
      List<String> timers = Rounds.timerJobs(sql, RESPONSE_WINDOW_TIMER);
      assertThat(timers).hasSize(REQUESTS);
      Instant due = Instant.now().plusSeconds(8);
      Rounds.dueAt(sql, timers, due);

      // requests keep arriving while the process is killed
      Map<String, String> acceptedInFlight = new ConcurrentHashMap<>();
      List<String> unanswered = new ArrayList<>();
      AtomicBoolean sending = new AtomicBoolean(true);
      Thread client = new Thread(() -> {
        for (int i = 0; sending.get(); i++) {
          String title = marker + " in flight " + i;
          try {
            HttpResponse<String> answer = Rounds.post(http, "us-secretary", Rounds.convene(title), null);
            if (answer.statusCode() == 201) {
              acceptedInFlight.put(title, Rounds.id(answer));
            }
          } catch (UncheckedIOException connectionLost) {
            synchronized (unanswered) {
              unanswered.add(title);
            }
          }
        }
      });
      client.start();
      Thread.sleep(1500);
      long pid = service.pid();
      int exit = service.kill();
      sending.set(false);
      client.join();
      System.out.printf("[crash] pid %d killed, exit value %d; %d rounds in flight before, %d more accepted while sending, %d requests unanswered%n",
          pid, exit, REQUESTS + CONVENED, acceptedInFlight.size(), unanswered.size());
      assertThat(exit).as("SIGKILL").isEqualTo(ServiceProcess.KILLED_BY_SIGKILL);
      assertThat(fired(sql)).as("no timer fired before the kill").isZero();

      while (Instant.now().isBefore(due.plusSeconds(1))) {
        Thread.sleep(200);
      }
      service.start();
      long restartedAt = System.nanoTime();
      long deadline = restartedAt + Duration.ofSeconds(120).toNanos();
      while (System.nanoTime() < deadline && fired(sql) < REQUESTS) {
        Thread.sleep(250);
      }
      double firedAfter = (System.nanoTime() - restartedAt) / 1e9;
      System.out.printf("[crash] restarted in %.1f s; %d/%d overdue timers fired within %.1f s of it%n",
          service.lastStartup().toMillis() / 1000.0, fired(sql), REQUESTS, firedAfter);

      // every timer exactly once, and each request now awaits the co-leads' decision
      Thread.sleep(3000);
      assertThat(sql.pairs("select p.business_key_, count(a.id_) from act_hi_procinst p left join act_hi_actinst a"
          + " on a.proc_inst_id_ = p.id_ and a.act_id_ = ? where p.business_key_ = any(?) group by p.business_key_",
          RESPONSE_WINDOW_TIMER, requests.toArray(String[]::new)).values()).hasSize(REQUESTS).containsOnly("1");
      assertThat(Rounds.timerJobs(sql, RESPONSE_WINDOW_TIMER)).isEmpty();
      for (String request : requests) {
        assertThat(sql.strings("select activity_id from round_open_task where round_id = ?", request)).containsExactly(TASK_DECIDE_ESCALATED_REQUEST);
      }

      // every accepted round is there, with its process, its status and its history
      List<String> accepted = new ArrayList<>(requests);
      accepted.addAll(convened);
      accepted.addAll(acceptedInFlight.values());
      assertThat(sql.count("select count(*) from consultation_round where id = any(?)", (Object) accepted.toArray(String[]::new))).isEqualTo(accepted.size());
      assertThat(sql.count("select count(distinct round_id) from round_status_change where round_id = any(?)", (Object) accepted.toArray(String[]::new)))
          .isEqualTo(accepted.size());
      assertThat(sql.count("select count(*) from act_hi_procinst where business_key_ = any(?)", (Object) accepted.toArray(String[]::new)))
          .isEqualTo(accepted.size());
      assertThat(sql.count("select count(*) from consultation_round where id = any(?) and status = 'CANCELLED'", (Object) cancelled.toArray(String[]::new)))
          .isEqualTo(CANCELLED);
      // a request the killed process never answered left a whole round or nothing
      for (String title : unanswered) {
        long rows = sql.count("select count(*) from consultation_round where title = ?", title);
        assertThat(rows).isLessThanOrEqualTo(1);
        if (rows == 1) {
          String id = sql.strings("select id from consultation_round where title = ?", title).get(0);
          assertThat(sql.count("select count(*) from act_ru_task t join act_ru_execution e on e.id_ = t.proc_inst_id_ where e.business_key_ = ?", id)).isEqualTo(1);
        }
      }

      // and the rounds go on: the counterpart confirms the arrangements, the secretariats propose agendas
      Rounds.inParallel(ARRANGED, 4, i -> {
        String task = rest.taskId(arranged.get(i), TASK_CONFIRM_ARRANGEMENTS, "cn-secretary");
        HttpResponse<String> done = rest.complete(task, "cn-secretary", Map.of("arrangementsDecision", "AGREE"));
        assertThat(done.statusCode()).as(done.body()).isEqualTo(204);
        return null;
      });
      for (String round : arranged) {
        assertThat(sql.strings("select activity_id from round_open_task where round_id = ? order by activity_id", round))
            .containsExactly(TASK_PROPOSE_AGENDA_CN, TASK_PROPOSE_AGENDA_US);
      }
      String next = awaitingArrangements.get(0);
      String task = rest.taskId(next, TASK_PROPOSE_ARRANGEMENTS, "us-secretary");
      assertThat(rest.complete(task, "us-secretary", Map.of("host", "US", "venue", "Washington",
          "startDate", Rounds.START.toString(), "endDate", Rounds.START.plusDays(1).toString())).statusCode()).isEqualTo(204);
      assertThat(Rounds.get(http, next).path("awaited").path("tasks").get(0).path("activityId").asText()).isEqualTo(TASK_CONFIRM_ARRANGEMENTS);

      assertThat(sql.count("select count(*) from act_ru_job where exception_msg_ is not null or retries_ < 3")).isZero();
      assertThat(sql.count("select count(*) from act_ru_incident")).isZero();
    }
  }

  private static long fired(Sql sql) {
    return sql.count("select count(*) from act_hi_actinst where act_id_ = ?", RESPONSE_WINDOW_TIMER);
  }

  private static String created(HttpResponse<String> response) {
    assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
    return Rounds.id(response);
  }
}
