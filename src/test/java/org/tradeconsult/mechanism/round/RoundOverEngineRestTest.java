package org.tradeconsult.mechanism.round;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.http.HttpResponse;
import org.camunda.bpm.engine.RuntimeService;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.tradeconsult.mechanism.support.Http;
import org.tradeconsult.mechanism.support.RoundDriver;
import org.tradeconsult.mechanism.support.ServiceTest;

/** Requesting and convening rounds through Camunda's REST API, as other systems and Tasklist do. */
@ServiceTest
class RoundOverEngineRestTest {

  @LocalServerPort int port;
  @Autowired RoundService rounds;
  @Autowired RuntimeService runtimeService;
  @Autowired ObjectMapper json;
  Http http;

  @BeforeEach
  void setUp() {
    http = new Http(port);
  }

  @Test
  void aSecretariatRequestsAnAdHocRoundWithTheMessage() throws Exception {
    HttpResponse<String> response = http.postJson("/engine-rest/message", "cn-secretary", """
        {"messageName": "AdHocRoundRequested", "resultEnabled": true,
         "processVariables": {"requestingSide": {"value": "CN", "type": "String"},
                              "reason": {"value": "Export controls on lithography", "type": "String"},
                              "urgent": {"value": true, "type": "Boolean"}}}
        """);

    assertThat(response.statusCode()).isEqualTo(200);
    String instanceId = json.readTree(response.body()).get(0).path("processInstance").path("id").asText();
    String roundId = runtimeService.createProcessInstanceQuery().processInstanceId(instanceId).singleResult().getBusinessKey();
    Round round = rounds.find(roundId).orElseThrow();
    assertThat(round.roundType()).isEqualTo(RoundType.AD_HOC);
    assertThat(round.status()).isEqualTo(RoundStatus.AWAITING_COUNTERPART);
    assertThat(round.urgent()).isTrue();
    assertThat(round.awaitedSides()).isEqualTo("US");
  }

  @Test
  void aRequestWithoutReasonAnswers400NamingTheFieldAndStartsNothing() {
    long before = runtimeService.createProcessInstanceQuery().processDefinitionKey(RoundProcess.KEY).count();

    HttpResponse<String> response = http.postJson("/engine-rest/message", "us-secretary", """
        {"messageName": "AdHocRoundRequested",
         "processVariables": {"requestingSide": {"value": "US", "type": "String"}}}
        """);

    assertThat(response.statusCode()).isEqualTo(400);
    assertThat(response.body()).contains("\"field\":\"reason\"");
    assertThat(runtimeService.createProcessInstanceQuery().processDefinitionKey(RoundProcess.KEY).count()).isEqualTo(before);
  }

  @Test
  void aRequestOnBehalfOfTheOtherSideAnswers403() {
    HttpResponse<String> response = http.postJson("/engine-rest/message", "us-secretary", """
        {"messageName": "AdHocRoundRequested",
         "processVariables": {"requestingSide": {"value": "CN", "type": "String"},
                              "reason": {"value": "Pretending to be China", "type": "String"}}}
        """);

    assertThat(response.statusCode()).isEqualTo(403);
  }

  @Test
  void theStartFormSubmittedWithBadDatesAnswers400() {
    HttpResponse<String> response = http.postJson("/engine-rest/process-definition/key/consultation-round/submit-form", "us-secretary", """
        {"variables": {"level": {"value": "PRINCIPAL"}, "title": {"value": "Round"},
                       "startDate": {"value": "%s"}, "endDate": {"value": "%s"}}}
        """.formatted(RoundDriver.START, RoundDriver.START.minusDays(3)));

    assertThat(response.statusCode()).isEqualTo(400);
    assertThat(response.body()).contains("endDate");
  }

  @Test
  void anObserverCannotConveneARound() {
    HttpResponse<String> response = http.postJson("/engine-rest/process-definition/key/consultation-round/submit-form", "observer", """
        {"variables": {"level": {"value": "PRINCIPAL"}, "title": {"value": "Round"},
                       "startDate": {"value": "%s"}, "endDate": {"value": "%s"}}}
        """.formatted(RoundDriver.START, RoundDriver.START));

    assertThat(response.statusCode()).isEqualTo(403);
  }
}
