package org.tradeconsult.mechanism.browser;

import java.time.Duration;
import java.util.List;
import java.util.function.Supplier;
import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.camunda.bpm.engine.task.Task;
import org.tradeconsult.mechanism.round.RoundProcess;

/**
 * What the browser tests wait for in the engine while the job executor runs: the browser acts,
 * the engine's asynchronous continuations follow a moment later.
 */
final class EngineWaits {

  private final ProcessEngine engine;
  private final Duration timeout;

  EngineWaits(ProcessEngine engine, Duration timeout) {
    this.engine = engine;
    this.timeout = timeout;
  }

  ProcessInstance roundTitled(String title) {
    return until("a round titled " + title, () -> {
      List<ProcessInstance> found = engine.getRuntimeService().createProcessInstanceQuery()
          .processDefinitionKey(RoundProcess.KEY).variableValueEquals("title", title).list();
      return found.size() == 1 ? found.get(0) : null;
    });
  }

  /** The open task with this key: the job executor may still be running the join before it. */
  Task task(ProcessInstance instance, String taskKey) {
    return until("task " + taskKey + " of " + instance.getBusinessKey(), () -> engine.getTaskService().createTaskQuery()
        .processInstanceId(instance.getId()).taskDefinitionKey(taskKey).singleResult());
  }

  void taskGone(ProcessInstance instance, String taskKey) {
    until("task " + taskKey + " of " + instance.getBusinessKey() + " to be completed", () -> engine.getTaskService()
        .createTaskQuery().processInstanceId(instance.getId()).taskDefinitionKey(taskKey).count() == 0 ? Boolean.TRUE : null);
  }

  <T> T until(String what, Supplier<T> probe) {
    long end = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < end) {
      T value = probe.get();
      if (value != null) {
        return value;
      }
      TasklistBrowser.sleep(250);
    }
    throw new AssertionError("waited " + timeout.toSeconds() + " s in vain for " + what);
  }
}
