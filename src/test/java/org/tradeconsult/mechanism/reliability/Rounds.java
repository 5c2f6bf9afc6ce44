package org.tradeconsult.mechanism.reliability;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.time.LocalDate;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.IntFunction;
import org.tradeconsult.mechanism.support.EngineRest;
import org.tradeconsult.mechanism.support.Http;
import org.tradeconsult.mechanism.support.RoundDriver;
import org.tradeconsult.mechanism.support.Sql;

/** Requests of {@code /api/v1/rounds} that the fault tests send to running service processes. */
final class Rounds {

  static final String ROUNDS = "/api/v1/rounds";
  static final LocalDate START = RoundDriver.START;
  /** The timer on an unanswered ad-hoc request (the counterpart's response window). */
  static final String RESPONSE_WINDOW_TIMER = "BoundaryEvent_ResponseWindowElapsed";

  private Rounds() {}

  static String convene(String title) {
    return """
        {"type": "REGULAR", "level": "WORKING", "title": "%s", "startDate": "%s", "endDate": "%s",
         "requestedHost": "US", "venue": "Washington", "topics": ["TARIFFS"]}
        """.formatted(title, START, START.plusDays(1));
  }

  static String request(String reason) {
    return """
        {"type": "AD_HOC", "requestingSide": "CN", "reason": "%s", "urgent": false, "topics": ["EXPORT_CONTROLS"]}
        """.formatted(reason);
  }

  static HttpResponse<String> post(Http http, String user, String body, String idempotencyKey) {
    return http.postJson(ROUNDS, user, body, idempotencyKey);
  }

  static String id(HttpResponse<String> created) {
    return EngineRest.read(created).path("round").path("id").asText();
  }

  static JsonNode get(Http http, String roundId) {
    return EngineRest.read(http.get(ROUNDS + "/" + roundId, "observer"));
  }

  /** The ids of the pending timer jobs of this activity. */
  static List<String> timerJobs(Sql sql, String activityId) {
    return sql.strings("select j.id_ from act_ru_job j join act_ru_jobdef d on d.id_ = j.job_def_id_"
        + " where j.type_ = 'timer' and d.act_id_ = ?", activityId);
  }

  /**
   * Moves these timers' due date in the database, as the operator of the database can: no person
   * may move a timer of the mechanism's processes through the engine (the engine command guard
   * refuses it), and these tests need many timers due at one instant.
   */
  static void dueAt(Sql sql, List<String> jobs, Instant due) {
    int moved = sql.update("update act_ru_job set duedate_ = ? where id_ = any(?)", java.sql.Timestamp.from(due),
        jobs.toArray(String[]::new));
    if (moved != jobs.size()) {
      throw new AssertionError("moved " + moved + " of " + jobs.size() + " timers");
    }
  }

  /** Runs n calls in a few threads (as a couple of clients would), results in call order. */
  static <T> List<T> inParallel(int n, int threads, IntFunction<T> call) {
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      List<CompletableFuture<T>> futures = new java.util.ArrayList<>();
      for (int i = 0; i < n; i++) {
        int k = i;
        futures.add(CompletableFuture.supplyAsync(() -> call.apply(k), pool));
      }
      return futures.stream().map(CompletableFuture::join).toList();
    } finally {
      pool.shutdownNow();
    }
  }
}
