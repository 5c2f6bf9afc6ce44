package org.tradeconsult.mechanism.identity;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.http.HttpResponse;
import org.camunda.bpm.engine.TaskService;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.tradeconsult.mechanism.support.Http;
import org.tradeconsult.mechanism.support.ServiceTest;

/**
 * Authorizations are on and apply to {@code /engine-rest}: a task offered to one side's
 * secretariat is invisible to, and cannot be completed by, the other side.
 */
@ServiceTest
class EngineAuthorizationTest {

  static final String PROBE = "side-task-probe";

  @LocalServerPort int port;
  @Autowired TaskService taskService;
  @Autowired ObjectMapper json;
  Http http;

  @BeforeEach
  void setUp() {
    http = new Http(port);
  }

  @Test
  void aSecretariatMayStartAProcess() throws Exception {
    HttpResponse<String> started = startProbe("us-secretary");

    assertThat(started.statusCode()).isEqualTo(200);
    assertThat(json.readTree(started.body()).path("ended").asBoolean(true)).isFalse();
  }

  @Test
  void anObserverCannotStartAProcessButCanReadDefinitions() {
    HttpResponse<String> started = startProbe("observer");

    assertThat(started.statusCode()).isEqualTo(403);
    assertThat(http.get("/engine-rest/process-definition?key=" + PROBE, "observer").body()).contains("\"key\":\"" + PROBE + "\"");
  }

  @Test
  void theOtherSidesSecretaryNeitherSeesNorCompletesTheTaskThatTheCnSecretariatMayWork() throws Exception {
    String instanceId = json.readTree(startProbe("us-secretary").body()).path("id").asText();
    String taskId = taskService.createTaskQuery().processInstanceId(instanceId).singleResult().getId();

    HttpResponse<String> seenByUs = http.get("/engine-rest/task?processInstanceId=" + instanceId, "us-secretary");
    HttpResponse<String> completedByUs = http.postJson("/engine-rest/task/" + taskId + "/complete", "us-secretary", "{}");

    assertThat(seenByUs.statusCode()).isEqualTo(200);
    assertThat(json.readTree(seenByUs.body())).isEmpty();
    assertThat(completedByUs.statusCode()).isEqualTo(403);
    assertThat(taskService.createTaskQuery().taskId(taskId).count()).isEqualTo(1);

    HttpResponse<String> seenByCn = http.get("/engine-rest/task?processInstanceId=" + instanceId, "cn-secretary");
    HttpResponse<String> completedByCn =
        http.postJson(
            "/engine-rest/task/" + taskId + "/complete",
            "cn-secretary",
            "{\"variables\":{\"note\":{\"value\":\"done\",\"type\":\"String\"}}}");

    assertThat(json.readTree(seenByCn.body())).hasSize(1);
    assertThat(completedByCn.statusCode()).isEqualTo(204);
    assertThat(taskService.createTaskQuery().taskId(taskId).count()).isZero();
  }

  @Test
  void theFormBoundToTheTaskIsDeployedWithTheProcessAndReadBackThroughTheEngine() throws Exception {
    String instanceId = json.readTree(startProbe("us-secretary").body()).path("id").asText();
    String taskId = taskService.createTaskQuery().processInstanceId(instanceId).singleResult().getId();

    HttpResponse<String> form = http.get("/engine-rest/task/" + taskId + "/deployed-form", "cn-secretary");

    assertThat(form.statusCode()).isEqualTo(200);
    JsonNode schema = json.readTree(form.body());
    assertThat(schema.path("id").asText()).isEqualTo("side-task-probe-form");
    assertThat(schema.path("components").get(0).path("key").asText()).isEqualTo("note");
  }

  private HttpResponse<String> startProbe(String user) {
    return http.postJson("/engine-rest/process-definition/key/" + PROBE + "/start", user, "{}");
  }
}
