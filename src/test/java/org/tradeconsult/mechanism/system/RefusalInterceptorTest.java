package org.tradeconsult.mechanism.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.camunda.bpm.engine.AuthorizationException;
import org.camunda.bpm.engine.authorization.MissingAuthorization;
import org.camunda.bpm.engine.exception.NotFoundException;
import org.camunda.bpm.engine.impl.interceptor.Command;
import org.camunda.bpm.engine.impl.interceptor.CommandInterceptor;

import org.camunda.bpm.engine.OptimisticLockingException;
import org.camunda.bpm.engine.impl.cmd.CompleteTaskCmd;
import org.junit.jupiter.api.Test;

/** How a bare NullPointerException under an engine command is answered. */
class RefusalInterceptorTest {

  @Test
  void anEngineFailingOnAnExecutionEndedConcurrentlyIsAConflictToRetry() {
    NullPointerException insideTheEngine = failureAt("org.camunda.bpm.engine.impl.persistence.entity.ExecutionEntity");

    RuntimeException answer = RefusalInterceptor.concurrentEnd(new CompleteTaskCmd("task-1", null), insideTheEngine);

    assertThat(answer).isInstanceOf(OptimisticLockingException.class).hasCause(insideTheEngine)
        .hasMessageContaining("CompleteTaskCmd").hasMessageContaining("retry");
  }

  @Test
  void aNullPointerExceptionOfOurOwnCodeStaysTheFaultItIs() {
    NullPointerException ours = failureAt("org.tradeconsult.mechanism.round.RoundService");

    assertThat(RefusalInterceptor.concurrentEnd(new CompleteTaskCmd("task-1", null), ours)).isSameAs(ours);
  }

  @Test
  void aRefusalOnATaskThatNoLongerExistsIsATaskGoneAndNotRecordedAsARefusal() {
    List<AuthorizationException> recorded = new ArrayList<>();
    RefusalInterceptor interceptor = new RefusalInterceptor(recorded::add);
    interceptor.setNext(engineWhere("task-1", false));

    assertThatThrownBy(() -> interceptor.execute(new CompleteTaskCmd("task-1", null)))
        .isInstanceOf(NotFoundException.class).hasMessageContaining("task-1");
    assertThat(recorded).isEmpty();
  }

  @Test
  void aRefusalOnATaskThatStillExistsIsARefusalOnRecord() {
    List<AuthorizationException> recorded = new ArrayList<>();
    RefusalInterceptor interceptor = new RefusalInterceptor(recorded::add);
    interceptor.setNext(engineWhere("task-1", true));

    assertThatThrownBy(() -> interceptor.execute(new CompleteTaskCmd("task-1", null))).isInstanceOf(AuthorizationException.class);
    assertThat(recorded).hasSize(1);
  }

  /** An engine that refuses to complete the task and answers whether it still exists. */
  private static CommandInterceptor engineWhere(String taskId, boolean taskExists) {
    return new CommandInterceptor() {
      @Override
      @SuppressWarnings("unchecked")
      public <T> T execute(Command<T> command) {
        if (command instanceof RefusalInterceptor.TaskExists exists) {
          assertThat(exists.taskId()).isEqualTo(taskId);
          return (T) Boolean.valueOf(taskExists);
        }
        throw new AuthorizationException("cn-colead", new MissingAuthorization("TASK_WORK", "Task", taskId));
      }
    };
  }

  private static NullPointerException failureAt(String className) {
    NullPointerException e = new NullPointerException("no execution");
    e.setStackTrace(new StackTraceElement[] {new StackTraceElement(className, "run", className + ".java", 1)});
    return e;
  }
}
