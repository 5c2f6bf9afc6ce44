package org.tradeconsult.mechanism.round;

import static org.assertj.core.api.Assertions.assertThat;
import static org.tradeconsult.mechanism.round.RoundApiRequests.ROUNDS;
import static org.tradeconsult.mechanism.round.RoundApiRequests.START;
import static org.tradeconsult.mechanism.round.RoundApiRequests.convene;
import static org.tradeconsult.mechanism.round.RoundApiRequests.post;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.camunda.bpm.engine.RuntimeService;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.web.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.tradeconsult.mechanism.support.Http;
import org.tradeconsult.mechanism.support.PostgresTestDatabase;
import org.tradeconsult.mechanism.support.TestDatabase;

/**
 * {@code /api/v1/rounds} on PostgreSQL, as another system would use it: start, follow and cancel a
 * round; fifty simultaneous retries of one request; paging through a thousand rounds.
 */
class RoundApiPostgresIT {

  static final int DUPLICATES = 50;
  static final int SEEDED = 1000;

  static ConfigurableApplicationContext service;
  static Http http;
  static JdbcClient jdbc;
  static RuntimeService runtimeService;
  static final ObjectMapper json = new ObjectMapper();

  @BeforeAll
  static void startServiceOnPostgres() {
    TestDatabase database = PostgresTestDatabase.newDatabase();
    service = database.startService("postgres,demo", Map.of());
    http = new Http(((WebServerApplicationContext) service).getWebServer().getPort());
    jdbc = service.getBean(JdbcClient.class);
    runtimeService = service.getBean(RuntimeService.class);
  }

  @AfterAll
  static void stopService() {
    if (service != null) {
      service.close();
    }
  }

  @Test
  void aRoundIsStartedFollowedAndCancelledThroughHttp() {
    String title = "Tracked " + UUID.randomUUID();
    HttpResponse<String> started = post(http, "us-secretary", convene(title), UUID.randomUUID().toString());
    assertThat(started.statusCode()).as(started.body()).isEqualTo(201);
    String id = read(started).path("round").path("id").asText();
    String location = started.headers().firstValue("Location").orElseThrow();
    assertThat(location).isEqualTo(ROUNDS + "/" + id);

    JsonNode tracked = read(http.get(location, "observer"));
    assertThat(tracked.path("round").path("status").asText()).isEqualTo("PREPARING");
    assertThat(tracked.path("awaited").path("sides").toString()).isEqualTo("[\"US\"]");
    assertThat(tracked.path("awaited").path("tasks").get(0).path("activityId").asText()).isEqualTo(RoundProcess.TASK_PROPOSE_ARRANGEMENTS);
    assertThat(tracked.path("links").path("cockpit").asText()).endsWith(tracked.path("processInstanceId").asText());
    JsonNode listed = read(http.get(ROUNDS + "?status=PREPARING&level=DEPUTY&q=" + title.substring(8), "observer"));
    assertThat(listed.path("total").asLong()).isEqualTo(1);
    assertThat(listed.path("items").get(0).path("id").asText()).isEqualTo(id);
    assertThat(http.get(ROUNDS + "/calendar.ics", "observer").body()).contains("UID:" + id + "@");

    HttpResponse<String> cancelled = http.postJson(location + "/cancel", "cn-secretary", "{\"reason\": \"Overtaken by events\"}");
    assertThat(cancelled.statusCode()).as(cancelled.body()).isEqualTo(200);

    JsonNode after = read(http.get(location, "observer"));
    assertThat(after.path("round").path("status").asText()).isEqualTo("CANCELLED");
    assertThat(after.path("round").path("endedAt").isNull()).isFalse();
    assertThat(after.path("statusHistory").findValuesAsText("status")).containsExactly("PREPARING", "CANCELLED");
    assertThat(after.path("statusHistory").get(1).path("changedBy").asText()).isEqualTo("cn-secretary");
    assertThat(after.path("awaited").path("tasks")).isEmpty();
    assertThat(runtimeService.createProcessInstanceQuery().processInstanceBusinessKey(id).count()).isZero();
    assertThat(http.get(ROUNDS + "/calendar.ics", "observer").body()).doesNotContain("UID:" + id + "@");
    HttpResponse<String> again = http.postJson(location + "/cancel", "cn-secretary", "{\"reason\": \"Again\"}");
    assertThat(again.statusCode()).isEqualTo(409);
    assertThat(read(again).path("type").asText()).endsWith("/round-finished");
  }

  @Test
  void fiftySimultaneousRequestsWithOneIdempotencyKeyStartExactlyOneRound() throws Exception {
    String key = UUID.randomUUID().toString();
    String title = "Fifty at once " + key;
    ExecutorService pool = Executors.newFixedThreadPool(DUPLICATES);
    CountDownLatch ready = new CountDownLatch(DUPLICATES);
    CountDownLatch go = new CountDownLatch(1);
    List<CompletableFuture<HttpResponse<String>>> answers = new ArrayList<>();
    try {
      for (int i = 0; i < DUPLICATES; i++) {
        answers.add(CompletableFuture.supplyAsync(() -> {
          ready.countDown();
          await(go);
          return post(http, "cn-secretary", convene(title), key);
        }, pool));
      }
      ready.await();
      go.countDown();
      List<HttpResponse<String>> responses = answers.stream().map(CompletableFuture::join).toList();

      assertThat(responses).extracting(HttpResponse::statusCode).containsOnly(200, 201).containsOnlyOnce(201);
      Set<String> ids = new HashSet<>();
      responses.forEach(response -> ids.add(read(response).path("round").path("id").asText()));
      assertThat(ids).hasSize(1);
      String id = ids.iterator().next();
      assertThat(jdbc.sql("select count(*) from consultation_round where title = :title").param("title", title).query(Long.class).single())
          .isEqualTo(1);
      assertThat(runtimeService.createProcessInstanceQuery().processInstanceBusinessKey(id).count()).isEqualTo(1);
      assertThat(jdbc.sql("select resource_id from api_idempotency_key where user_id = 'cn-secretary' and idempotency_key = :key")
          .param("key", key).query(String.class).list()).containsExactly(id);
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void pagingOverAThousandRoundsIsStableAndComplete() throws Exception {
    long before = read(http.get(ROUNDS + "?size=1", "observer")).path("total").asLong();
    String marker = "seed-" + UUID.randomUUID().toString().substring(0, 8);
    List<String> seeded = seed(marker);
    assertThat(seeded).hasSize(SEEDED).doesNotHaveDuplicates();

    long total = read(http.get(ROUNDS + "?size=1", "observer")).path("total").asLong();
    assertThat(total).isEqualTo(before + SEEDED);

    // every round, by a field with many ties (7 start dates), pages of an odd size
    List<String> byStart = allPages("?sort=startDate,asc", 97, total);
    assertThat(byStart).hasSize((int) total).doesNotHaveDuplicates().containsAll(seeded);
    // the default order, newest first, and again: the same sequence
    List<String> newestFirst = allPages("", 200, total);
    assertThat(newestFirst).hasSize((int) total).doesNotHaveDuplicates().containsAll(seeded);
    assertThat(allPages("", 200, total)).isEqualTo(newestFirst);
    // only the seeded ones, by level (three values) then title
    List<String> filtered = allPages("?q=" + marker + "&sort=level&sort=title,desc", 150, SEEDED);
    assertThat(filtered).hasSize(SEEDED).containsExactlyInAnyOrderElementsOf(seeded);
  }

  /** Starts the rounds through the API in four threads, as two secretariats would. */
  private static List<String> seed(String marker) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(4);
    ConcurrentLinkedQueue<String> ids = new ConcurrentLinkedQueue<>();
    List<CompletableFuture<Void>> done = new ArrayList<>();
    String[] levels = {"PRINCIPAL", "DEPUTY", "WORKING"};
    try {
      for (int i = 0; i < SEEDED; i++) {
        int n = i;
        done.add(CompletableFuture.runAsync(() -> {
          String user = n % 2 == 0 ? "us-secretary" : "cn-secretary";
          HttpResponse<String> response = post(http, user,
              convene(marker + " round " + n, levels[n % 3], START.plusDays(n % 7), START.plusDays(n % 7 + 1)));
          assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
          ids.add(read(response).path("round").path("id").asText());
        }, pool));
      }
      CompletableFuture.allOf(done.toArray(CompletableFuture[]::new)).join();
    } finally {
      pool.shutdownNow();
    }
    return List.copyOf(ids);
  }

  private static List<String> allPages(String query, int size, long expectedTotal) {
    List<String> ids = new ArrayList<>();
    String separator = query.isEmpty() ? "?" : "&";
    for (int page = 0; ; page++) {
      JsonNode body = read(http.get(ROUNDS + query + separator + "size=" + size + "&page=" + page, "observer"));
      assertThat(body.path("total").asLong()).isEqualTo(expectedTotal);
      if (body.path("items").isEmpty()) {
        return ids;
      }
      assertThat(body.path("items").size()).isLessThanOrEqualTo(size);
      body.path("items").forEach(item -> ids.add(item.path("id").asText()));
    }
  }

  private static JsonNode read(HttpResponse<String> response) {
    try {
      return json.readTree(response.body());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void await(CountDownLatch latch) {
    try {
      latch.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
