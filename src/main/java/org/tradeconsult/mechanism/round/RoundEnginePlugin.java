package org.tradeconsult.mechanism.round;

import java.util.ArrayList;
import org.camunda.bpm.engine.impl.bpmn.parser.BpmnParseListener;
import org.camunda.bpm.engine.impl.cfg.AbstractProcessEnginePlugin;
import org.camunda.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Component;
import org.tradeconsult.mechanism.identity.SideTaskGuard;

/** Registers {@link RoundParseListener} with the engine; the starter picks up plugin beans. */
@Component
class RoundEnginePlugin extends AbstractProcessEnginePlugin {

  private final ObjectProvider<SideTaskGuard> guard;
  private final ObjectProvider<RoundTaskCompletion> completion;
  private final ObjectProvider<RoundService> rounds;

  RoundEnginePlugin(
      ObjectProvider<SideTaskGuard> guard,
      ObjectProvider<RoundTaskCompletion> completion,
      ObjectProvider<RoundService> rounds) {
    this.guard = guard;
    this.completion = completion;
    this.rounds = rounds;
  }

  @Override
  public void preInit(ProcessEngineConfigurationImpl configuration) {
    if (configuration.getCustomPostBPMNParseListeners() == null) {
      configuration.setCustomPostBPMNParseListeners(new ArrayList<>());
    }
    RoundTaskListener taskListener = new RoundTaskListener(guard, completion, rounds);
    configuration.getCustomPostBPMNParseListeners().add((BpmnParseListener) new RoundParseListener(taskListener, rounds));
  }
}
