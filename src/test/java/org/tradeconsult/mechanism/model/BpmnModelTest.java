package org.tradeconsult.mechanism.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collection;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.camunda.bpm.model.bpmn.Bpmn;
import org.camunda.bpm.model.bpmn.BpmnModelInstance;
import org.camunda.bpm.model.bpmn.instance.BaseElement;
import org.camunda.bpm.model.bpmn.instance.FlowNode;
import org.camunda.bpm.model.bpmn.instance.Process;
import org.camunda.bpm.model.bpmn.instance.SequenceFlow;
import org.camunda.bpm.model.bpmn.instance.ServiceTask;
import org.camunda.bpm.model.bpmn.instance.StartEvent;
import org.camunda.bpm.model.bpmn.instance.UserTask;
import org.camunda.bpm.model.bpmn.instance.bpmndi.BpmnEdge;
import org.camunda.bpm.model.bpmn.instance.bpmndi.BpmnShape;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Rules every model in bpmn/ keeps, whoever edits it (see CONVENTIONS: real diagrams, semantic ids). */
class BpmnModelTest {

  private static final Pattern MODELER_DEFAULT_ID =
      Pattern.compile("(Activity|Gateway|Event|Flow|StartEvent|EndEvent|Task|SequenceFlow|Process|Definitions)_[0-9a-z]{7}");
  private static final Path FORMS = Path.of("bpmn", "forms");

  static Stream<Path> models() throws IOException {
    try (Stream<Path> files = Files.walk(Path.of("bpmn"))) {
      return files.filter(f -> f.toString().endsWith(".bpmn")).sorted().toList().stream();
    }
  }

  @ParameterizedTest
  @MethodSource("models")
  void everyFlowNodeHasAShapeAndEverySequenceFlowAnEdge(Path file) {
    BpmnModelInstance model = Bpmn.readModelFromFile(file.toFile());
    Set<String> shaped = ids(model.getModelElementsByType(BpmnShape.class).stream().<BaseElement>map(BpmnShape::getBpmnElement).toList());
    Set<String> edged = ids(model.getModelElementsByType(BpmnEdge.class).stream().<BaseElement>map(BpmnEdge::getBpmnElement).toList());

    assertThat(ids(model.getModelElementsByType(FlowNode.class))).isSubsetOf(shaped);
    assertThat(ids(model.getModelElementsByType(SequenceFlow.class))).isSubsetOf(edged);
  }

  @ParameterizedTest
  @MethodSource("models")
  void idsExplainThemselves(Path file) {
    BpmnModelInstance model = Bpmn.readModelFromFile(file.toFile());

    assertThat(ids(model.getModelElementsByType(BaseElement.class)))
        .noneMatch(id -> id != null && MODELER_DEFAULT_ID.matcher(id).matches());
  }

  @ParameterizedTest
  @MethodSource("models")
  void everyProcessHasAHistoryTimeToLive(Path file) {
    for (Process process : Bpmn.readModelFromFile(file.toFile()).getModelElementsByType(Process.class)) {
      assertThat(process.getCamundaHistoryTimeToLiveString()).as(process.getId()).isNotBlank();
    }
  }

  @ParameterizedTest
  @MethodSource("models")
  void everyUserTaskHasACandidateGroupAndADeployedForm(Path file) {
    BpmnModelInstance model = Bpmn.readModelFromFile(file.toFile());
    for (UserTask task : model.getModelElementsByType(UserTask.class)) {
      assertThat(task.getCamundaCandidateGroups()).as(task.getId()).isNotBlank();
      assertFormExists(task.getId(), task.getCamundaFormRef(), task.getCamundaFormRefBinding());
    }
    for (StartEvent start : model.getModelElementsByType(StartEvent.class)) {
      if (start.getCamundaFormRef() != null) {
        assertFormExists(start.getId(), start.getCamundaFormRef(), start.getCamundaFormRefBinding());
      }
    }
  }

  @ParameterizedTest
  @MethodSource("models")
  void everyServiceTaskCallsABeanNamedAfterItsDelegate(Path file) {
    for (ServiceTask task : Bpmn.readModelFromFile(file.toFile()).getModelElementsByType(ServiceTask.class)) {
      assertThat(task.getCamundaDelegateExpression()).as(task.getId()).matches("\\$\\{[a-z][A-Za-z]+Delegate}");
    }
  }

  /**
   * A task's output mapping also runs when the task is cancelled, possibly after a concurrent
   * completion removed the fields it maps: {@code ${field}} would then fail the cancellation,
   * {@code ${execution.getVariable('field')}} reads null and lets the engine's revision checks
   * answer the race (see RoundProcessTest's cancellation tests).
   */
  @ParameterizedTest
  @MethodSource("models")
  void everyOutputMappingToleratesAFieldRemovedByAConcurrentCompletion(Path file) {
    for (org.camunda.bpm.model.bpmn.instance.camunda.CamundaOutputParameter output
        : Bpmn.readModelFromFile(file.toFile()).getModelElementsByType(org.camunda.bpm.model.bpmn.instance.camunda.CamundaOutputParameter.class)) {
      assertThat(output.getTextContent().strip()).as("output %s of %s", output.getCamundaName(), file.getFileName())
          .matches("\\$\\{execution\\.getVariable\\('[A-Za-z]+'\\)}");
    }
  }

  private static void assertFormExists(String elementId, String formRef, String binding) {
    assertThat(formRef).as("formRef of %s", elementId).isNotBlank();
    assertThat(binding).as("formRefBinding of %s", elementId).isEqualTo("deployment");
    assertThat(FORMS.resolve(formRef + ".form")).as("form of %s", elementId).exists();
  }

  private static Set<String> ids(Collection<? extends BaseElement> elements) {
    return elements.stream().map(BaseElement::getId).collect(Collectors.toSet());
  }

}
