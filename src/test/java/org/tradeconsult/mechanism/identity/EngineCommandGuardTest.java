package org.tradeconsult.mechanism.identity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Date;
import java.util.List;
import java.util.Map;
import org.camunda.bpm.engine.impl.MessageCorrelationBuilderImpl;
import org.camunda.bpm.engine.impl.ProcessInstantiationBuilderImpl;
import org.camunda.bpm.engine.impl.cmd.CompleteTaskCmd;
import org.camunda.bpm.engine.impl.cmd.CorrelateMessageCmd;
import org.camunda.bpm.engine.impl.cmd.CreateUserCmd;
import org.camunda.bpm.engine.impl.cmd.SaveUserCmd;
import org.camunda.bpm.engine.impl.cmd.StartProcessInstanceCmd;
import org.camunda.bpm.engine.impl.cmd.SubmitStartFormCmd;
import org.camunda.bpm.engine.impl.cmd.SubmitTaskFormCmd;
import org.camunda.bpm.engine.impl.jobexecutor.FailedJobListener;
import org.camunda.bpm.engine.impl.jobexecutor.JobFailureCollector;
import org.camunda.bpm.engine.impl.persistence.entity.UserEntity;
import org.camunda.bpm.engine.variable.Variables;
import org.camunda.bpm.engine.variable.value.TypedValue;
import org.camunda.spin.Spin;
import org.junit.jupiter.api.Test;
import org.tradeconsult.mechanism.identity.DeclaredAnswers.Field;
import org.tradeconsult.mechanism.identity.DeclaredAnswers.Form;
import org.tradeconsult.mechanism.identity.DeclaredAnswers.Kind;
import org.tradeconsult.mechanism.validation.InvalidInputException;

/**
 * The guard's fast tier: the engine internals it relies on exist on this engine version (command
 * classes by name, the fields it reads), and how one submitted value is judged against its form.
 */
class EngineCommandGuardTest {

  static final Form APPROVE = new Form("approve-outcome", Map.of(
      "approval", new Field("approval", Kind.TEXT, false),
      "outcomeForm", new Field("outcomeForm", Kind.TEXT, true),
      "anotherSession", new Field("anotherSession", Kind.FLAG, false),
      "topics", new Field("topics", Kind.LIST, false),
      "startDate", new Field("startDate", Kind.DATE, false)));

  @Test
  void everyCommandTheGuardNamesExistsInThisEngine() {
    for (String name : EngineCommandGuard.SERVICE_ONLY) {
      assertThat(loads(name)).as(name).isTrue();
    }
    for (String name : EngineCommandGuard.IDENTITY_CHANGES) {
      assertThat(loads(name)).as(name).isTrue();
    }
  }

  @Test
  void theFieldsTheGuardReadsExistOnThisEngine() {
    Map<String, Object> variables = Map.of("approval", "APPROVE");
    assertThat(EngineCommandGuard.read(new CompleteTaskCmd("t1", variables), "taskId")).isEqualTo("t1");
    assertThat(EngineCommandGuard.read(new CompleteTaskCmd("t1", variables), "variables")).isEqualTo(variables);
    assertThat(EngineCommandGuard.read(new SubmitTaskFormCmd("t2", variables, false, false), "properties")).isEqualTo(variables);
    assertThat(EngineCommandGuard.read(new SubmitStartFormCmd("pd", "bk", variables), "processDefinitionId")).isEqualTo("pd");
    assertThat(EngineCommandGuard.read(new SubmitStartFormCmd("pd", "bk", variables), "variables")).isEqualTo(variables);
    ProcessInstantiationBuilderImpl builder = (ProcessInstantiationBuilderImpl) ProcessInstantiationBuilderImpl.createProcessInstanceByKey(org.mockito.Mockito.mock(org.camunda.bpm.engine.impl.interceptor.CommandExecutor.class), "k");
    assertThat(EngineCommandGuard.read(new StartProcessInstanceCmd(builder), "instantiationBuilder")).isSameAs(builder);
    MessageCorrelationBuilderImpl correlation = new MessageCorrelationBuilderImpl(org.mockito.Mockito.mock(org.camunda.bpm.engine.impl.interceptor.CommandExecutor.class), "M");
    CorrelateMessageCmd correlate = new CorrelateMessageCmd(correlation, false, false, true);
    assertThat(EngineCommandGuard.read(correlate, "messageName")).isEqualTo("M");
    assertThat(EngineCommandGuard.read(correlate, "builder")).isSameAs(correlation);
    JobFailureCollector collector = new JobFailureCollector("j");
    assertThat(EngineCommandGuard.read(new FailedJobListener(null, collector), "jobFailureCollector")).isSameAs(collector);
    assertThat(EngineCommandGuard.read(new CreateUserCmd("u"), "userId")).isEqualTo("u");
    UserEntity user = new UserEntity("u");
    assertThat(EngineCommandGuard.read(new SaveUserCmd(user), "user")).isSameAs(user);
  }

  @Test
  void aNameTheFormDoesNotAskIsRefusedNamingIt() {
    assertThatThrownBy(() -> DeclaredAnswers.check(APPROVE, "approvalCN", Variables.stringValue("APPROVE"), null))
        .isInstanceOf(InvalidInputException.class)
        .satisfies(e -> assertThat(((InvalidInputException) e).getField()).isEqualTo("approvalCN"));
  }

  @Test
  void aFieldOfTheWrongTypeIsRefusedNamingIt() {
    List<Object[]> wrong = List.of(
        new Object[] {"approval", Variables.integerValue(42)},
        new Object[] {"anotherSession", Variables.integerValue(1)},
        new Object[] {"anotherSession", Variables.stringValue("maybe")},
        new Object[] {"topics", Variables.booleanValue(true)},
        new Object[] {"startDate", Variables.booleanValue(true)},
        new Object[] {"approval", Variables.serializedObjectValue("rO0AB").serializationDataFormat("application/x-java-serialized-object")
            .objectTypeName("java.util.HashMap").create()});
    for (Object[] attempt : wrong) {
      assertThatThrownBy(() -> DeclaredAnswers.check(APPROVE, (String) attempt[0], (TypedValue) attempt[1], null))
          .as("%s = %s", attempt[0], attempt[1])
          .isInstanceOf(InvalidInputException.class)
          .satisfies(e -> assertThat(((InvalidInputException) e).getField()).isEqualTo(attempt[0]));
    }
  }

  @Test
  void eachKindTakesWhatTasklistAndRestSend() {
    assertThat(DeclaredAnswers.check(APPROVE, "approval", Variables.stringValue("APPROVE"), null)).isTrue();
    assertThat(DeclaredAnswers.check(APPROVE, "anotherSession", Variables.booleanValue(false), null)).isTrue();
    assertThat(DeclaredAnswers.check(APPROVE, "anotherSession", Variables.stringValue("true"), null)).isTrue();
    assertThat(DeclaredAnswers.check(APPROVE, "topics", Variables.untypedValue(Spin.JSON("[\"TARIFFS\"]")), null)).isTrue();
    assertThat(DeclaredAnswers.check(APPROVE, "topics", Variables.stringValue("TARIFFS,EXPORT_CONTROLS"), null)).isTrue();
    assertThat(DeclaredAnswers.check(APPROVE, "startDate", Variables.dateValue(new Date()), null)).isTrue();
    assertThat(DeclaredAnswers.check(APPROVE, "approval", Variables.untypedNullValue(), null)).isTrue();
  }

  @Test
  void aShownFieldComesBackOnlyAsShownAndIsThenDropped() {
    assertThat(DeclaredAnswers.check(APPROVE, "outcomeForm", Variables.stringValue("JOINT_STATEMENT"), "JOINT_STATEMENT")).isFalse();
    assertThat(DeclaredAnswers.check(APPROVE, "outcomeForm", Variables.stringValue(" JOINT_STATEMENT "), "JOINT_STATEMENT")).isFalse();
    assertThatThrownBy(() -> DeclaredAnswers.check(APPROVE, "outcomeForm", Variables.stringValue("NO_AGREEMENT"), "JOINT_STATEMENT"))
        .isInstanceOf(InvalidInputException.class);
  }

  @Test
  void listsCompareByTheirItemsWhicheverWayTheyAreKept() {
    assertThat(DeclaredAnswers.sameValue("TARIFFS,EXPORT_CONTROLS", Spin.JSON("[\"TARIFFS\",\"EXPORT_CONTROLS\"]"))).isTrue();
    assertThat(DeclaredAnswers.sameValue(Spin.JSON("[\"TARIFFS\"]"), List.of("TARIFFS"))).isTrue();
    assertThat(DeclaredAnswers.sameValue(Spin.JSON("[\"TARIFFS\"]"), List.of("AGRICULTURE"))).isFalse();
    assertThat(DeclaredAnswers.sameValue(null, "")).isTrue();
  }

  private static boolean loads(String className) {
    try {
      Class.forName(className, false, EngineCommandGuardTest.class.getClassLoader());
      return true;
    } catch (ClassNotFoundException e) {
      return false;
    }
  }
}
