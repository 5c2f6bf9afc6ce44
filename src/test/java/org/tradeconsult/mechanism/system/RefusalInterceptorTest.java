package org.tradeconsult.mechanism.system;

import static org.assertj.core.api.Assertions.assertThat;

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

  private static NullPointerException failureAt(String className) {
    NullPointerException e = new NullPointerException("no execution");
    e.setStackTrace(new StackTraceElement[] {new StackTraceElement(className, "run", className + ".java", 1)});
    return e;
  }
}
