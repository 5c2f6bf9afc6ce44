package org.tradeconsult.mechanism.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.UncheckedIOException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.tradeconsult.mechanism.support.EngineRest;
import org.tradeconsult.mechanism.support.Http;
import org.tradeconsult.mechanism.support.RestartablePostgres;
import org.tradeconsult.mechanism.support.ServiceProcess;
import org.tradeconsult.mechanism.support.Sql;

/**
 * PostgreSQL stops for 15 s while four clients keep starting rounds, listing rounds and reading
 * tasks through {@code /engine-rest}. During the outage every answer is 503 problem details with
 * Retry-After (never 500); the service needs nobody to recover when the database is back; every
 * round answered 201 is there in full, and every request answered 503 left nothing behind.
 */
class DatabaseOutageIT {

  static final Duration OUTAGE = Duration.ofSeconds(15);
  static final int CLIENTS = 4;

  enum Phase { BEFORE, OUTAGE, AFTER }

  record Answer(Phase phase, String kind, String title, String key, int status, String contentType, String type, String retryAfter) {}

  @Test
  void theApiAnswers503DuringAnOutageRecoversByItselfAndLosesNoAcceptedRound() throws Exception {
    try (RestartablePostgres postgres = new RestartablePostgres();
        ServiceProcess service = ServiceProcess.start("outage", postgres.database(), Map.of())) {
      Sql sql = new Sql(postgres.database());
      Http http = service.http();
      String marker = "outage-" + UUID.randomUUID().toString().substring(0, 8);
      AtomicReference<Phase> phase = new AtomicReference<>(Phase.BEFORE);
      AtomicLong firstCreatedAfter = new AtomicLong();
      AtomicInteger sequence = new AtomicInteger();
      List<Answer> answers = Collections.synchronizedList(new ArrayList<>());
      List<String> unanswered = Collections.synchronizedList(new ArrayList<>());
      AtomicReference<Boolean> running = new AtomicReference<>(true);

      List<Thread> clients = new ArrayList<>();
      for (int c = 0; c < CLIENTS; c++) {
        Thread client = new Thread(() -> {
          while (running.get()) {
            int n = sequence.incrementAndGet();
            Phase sentIn = phase.get();
            String title = marker + " " + n;
            String key = UUID.randomUUID().toString();
            try {
              HttpResponse<String> response = switch (n % 3) {
                case 0 -> http.get(Rounds.ROUNDS + "?size=5", "observer");
                case 1 -> http.get("/engine-rest/task?maxResults=5", "us-secretary");
                default -> Rounds.post(http, "us-secretary", Rounds.convene(title), key);
              };
              String kind = n % 3 == 0 ? "list" : n % 3 == 1 ? "engine-rest" : "start";
              String type = null;
              if (response.statusCode() >= 400 && response.body().startsWith("{")) {
                type = EngineRest.read(response).path("type").asText();
              }
              // an answer counts in the phase it was both sent and received in
              Phase answeredIn = phase.get();
              answers.add(new Answer(answeredIn == sentIn ? sentIn : Phase.OUTAGE, kind, title, key, response.statusCode(),
                  response.headers().firstValue("Content-Type").orElse(""), type, response.headers().firstValue("Retry-After").orElse(null)));
              if (answeredIn == Phase.AFTER && response.statusCode() == 201) {
                firstCreatedAfter.compareAndSet(0, System.nanoTime());
              }
            } catch (UncheckedIOException e) {
              unanswered.add(title + ": " + e.getMessage());
            }
          }
        });
        client.start();
        clients.add(client);
      }

      Thread.sleep(5000);
      phase.set(Phase.OUTAGE);
      postgres.stop();
      long down = System.nanoTime();
      Thread.sleep(OUTAGE.toMillis());
      postgres.start();
      long up = System.nanoTime();
      long deadline = up + Duration.ofSeconds(60).toNanos();
      while (firstCreatedAfter.get() == 0 && System.nanoTime() < deadline) {
        Thread.sleep(100);
        if (phase.get() == Phase.OUTAGE && System.nanoTime() - up > Duration.ofSeconds(0).toNanos()) {
          phase.set(Phase.AFTER);
        }
      }
      Thread.sleep(5000);
      running.set(false);
      for (Thread client : clients) {
        client.join();
      }

      Map<String, Long> tally = new TreeMap<>();
      answers.forEach(a -> tally.merge(a.phase() + " " + a.kind() + " " + a.status(), 1L, Long::sum));
      double recovery = firstCreatedAfter.get() == 0 ? -1 : (firstCreatedAfter.get() - up) / 1e9;
      System.out.printf("[outage] PostgreSQL down %.1f s; %d requests by %d clients, %d unanswered; answers %s;"
          + " first round accepted %.1f s after the database was back%n",
          (up - down) / 1e9, answers.size() + unanswered.size(), CLIENTS, unanswered.size(), tally, recovery);

      assertThat(unanswered).as("every request got an answer").isEmpty();
      assertThat(answers).extracting(Answer::status).as("never 500").containsOnly(200, 201, 503);
      List<Answer> refused = answers.stream().filter(a -> a.status() == 503).toList();
      assertThat(refused).as("the outage was seen").isNotEmpty();
      assertThat(refused).allSatisfy(a -> {
        assertThat(a.contentType()).startsWith(a.kind().equals("engine-rest") ? "application/" : "application/problem+json");
        assertThat(a.type()).isIn("https://tradeconsult.org/problems/database-unavailable", "DatabaseUnavailable");
        assertThat(a.retryAfter()).isNotNull();
      });
      assertThat(answers.stream().filter(a -> a.phase() == Phase.BEFORE)).extracting(Answer::status).containsOnly(200, 201);
      assertThat(firstCreatedAfter.get()).as("recovered by itself").isPositive();

      List<Answer> accepted = answers.stream().filter(a -> a.status() == 201).toList();
      assertThat(accepted.stream().filter(a -> a.phase() == Phase.BEFORE)).isNotEmpty();
      for (Answer a : accepted) {
        assertThat(sql.strings("select id from consultation_round where title = ?", a.title())).as(a.title()).hasSize(1);
      }
      String[] acceptedTitles = accepted.stream().map(Answer::title).toArray(String[]::new);
      assertThat(sql.count("select count(*) from consultation_round r join act_hi_procinst p on p.business_key_ = r.id"
          + " join round_open_task t on t.round_id = r.id where r.title = any(?)", (Object) acceptedTitles)).isEqualTo(accepted.size());
      String[] refusedTitles = refused.stream().filter(a -> a.kind().equals("start")).map(Answer::title).toArray(String[]::new);
      String[] refusedKeys = refused.stream().filter(a -> a.kind().equals("start")).map(Answer::key).toArray(String[]::new);
      assertThat(sql.count("select count(*) from consultation_round where title = any(?)", (Object) refusedTitles)).as("refused starts left no round").isZero();
      assertThat(sql.count("select count(*) from act_hi_varinst where name_ = 'title' and text_ = any(?)", (Object) refusedTitles)).isZero();
      assertThat(sql.count("select count(*) from api_idempotency_key where idempotency_key = any(?)", (Object) refusedKeys)).isZero();
      // every round row is whole: a process, a status history, an open task
      assertThat(sql.count("select count(*) from consultation_round r where r.title like ? and (not exists (select 1 from act_hi_procinst p"
          + " where p.business_key_ = r.id) or not exists (select 1 from round_status_change s where s.round_id = r.id))", marker + "%")).isZero();
      assertThat(sql.count("select count(*) from consultation_round where title like ?", marker + "%")).isEqualTo(accepted.size());
      assertThat(sql.count("select count(*) from act_ru_incident")).isZero();
      HttpResponse<String> health = http.get("/actuator/health", null);
      assertThat(health.statusCode()).isEqualTo(200);
    }
  }
}
