package org.tradeconsult.mechanism.round;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.camunda.bpm.model.bpmn.Bpmn;
import org.camunda.bpm.model.bpmn.BpmnModelInstance;
import org.camunda.bpm.model.bpmn.instance.FlowNode;
import org.camunda.bpm.model.bpmn.instance.SequenceFlow;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The process-coverage gate. The fast tests ({@code *Test}, run first by {@code ./mvnw verify})
 * record which flow nodes and sequence flows they traversed in {@code
 * target/process-test-coverage/*}/report.json; this check fails the build unless every flow node
 * and every sequence flow of each gated model was traversed by some test.
 */
class ProcessCoverageGateIT {

  static final Path REPORTS = Path.of("target", "process-test-coverage");

  @ParameterizedTest
  @ValueSource(strings = {"consultation-round", "joint-statement", "commitment-tracking"})
  void everyFlowNodeAndSequenceFlowIsCoveredByTheProcessTests(String processKey) throws IOException {
    Set<String> elements = elementsOf(Path.of("bpmn", processKey + ".bpmn"));
    Set<String> covered = coveredElements(processKey);

    Set<String> missing = new TreeSet<>(elements);
    missing.removeAll(covered);
    assertThat(elements).hasSizeGreaterThan(10);
    assertThat(missing).as("elements of %s that no test traversed (reports in %s)", processKey, REPORTS).isEmpty();
  }

  private static Set<String> elementsOf(Path bpmn) {
    BpmnModelInstance model = Bpmn.readModelFromFile(bpmn.toFile());
    Set<String> ids = new TreeSet<>();
    model.getModelElementsByType(FlowNode.class).forEach(node -> ids.add(node.getId()));
    model.getModelElementsByType(SequenceFlow.class).forEach(flow -> ids.add(flow.getId()));
    return ids;
  }

  private static Set<String> coveredElements(String processKey) throws IOException {
    assertThat(REPORTS).as("run the process tests first (./mvnw verify)").isDirectory();
    Set<String> covered = new TreeSet<>();
    ObjectMapper json = new ObjectMapper();
    try (Stream<Path> reports = Files.walk(REPORTS)) {
      for (Path report : reports.filter(p -> p.getFileName().toString().equals("report.json")).toList()) {
        for (JsonNode suite : json.readTree(report.toFile()).path("suites")) {
          for (JsonNode run : suite.path("runs")) {
            for (JsonNode event : run.path("events")) {
              if (processKey.equals(event.path("modelKey").asText())) {
                covered.add(event.path("definitionKey").asText());
              }
            }
          }
        }
      }
    }
    return covered;
  }
}
