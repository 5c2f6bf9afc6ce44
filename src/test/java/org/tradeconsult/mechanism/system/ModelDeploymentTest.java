package org.tradeconsult.mechanism.system;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.camunda.bpm.engine.DecisionService;
import org.camunda.bpm.engine.RepositoryService;
import org.camunda.bpm.engine.repository.Resource;
import org.camunda.bpm.engine.variable.VariableMap;
import org.camunda.bpm.engine.variable.Variables;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.tradeconsult.mechanism.support.ServiceTest;

/** Everything under bpmn/ (processes, decisions, forms) reaches the engine in one deployment. */
@ServiceTest
class ModelDeploymentTest {

  @Autowired RepositoryService repositoryService;
  @Autowired DecisionService decisionService;

  @Test
  void processesDecisionsAndFormsAreDeployedTogether() {
    String deploymentId =
        repositoryService.createProcessDefinitionQuery().processDefinitionKey("side-task-probe").latestVersion().singleResult()
            .getDeploymentId();

    List<String> names =
        repositoryService.getDeploymentResources(deploymentId).stream().map(Resource::getName).toList();

    assertThat(names)
        .anyMatch(n -> n.endsWith("side-task-probe.bpmn"))
        .anyMatch(n -> n.endsWith("side-task-probe.form"))
        .anyMatch(n -> n.endsWith("venue-rotation.dmn"));
  }

  @Test
  void theBenchmarksBareReplicaUnderBpmnBenchIsNeverDeployed() {
    assertThat(repositoryService.createProcessDefinitionQuery().processDefinitionKey("bare-round").count()).isZero();
    assertThat(repositoryService.createProcessDefinitionQuery().processDefinitionKey("consultation-round").count()).isPositive();
    assertThat(getClass().getClassLoader().getResource("bpmn/bench/bare-round.bpmn")).as("packaged resource").isNull();
  }

  @Test
  void theVenueRotationAlternatesBetweenTheTwoCountriesAndProposesAThirdCountryOnlyOnRequest() {
    assertThat(proposedHost(null, "US")).isEqualTo("CN");
    assertThat(proposedHost(null, "CN")).isEqualTo("US");
    assertThat(proposedHost("US", "US")).isEqualTo("CN");
    assertThat(proposedHost("THIRD_COUNTRY", "US")).isEqualTo("THIRD_COUNTRY");
    assertThat(proposedHost("CN", null)).isEqualTo("CN");
    assertThat(proposedHost(null, null)).isEqualTo("THIRD_COUNTRY");
  }

  private String proposedHost(String requestedHost, String lastHomeHost) {
    VariableMap input = Variables.fromMap(Map.of()).putValue("requestedHost", requestedHost).putValue("lastHomeHost", lastHomeHost);
    return decisionService.evaluateDecisionByKey("venue-rotation").variables(input).evaluate().getSingleResult()
        .getEntry("proposedHost");
  }
}
