package org.tradeconsult.mechanism.round;

import java.util.ArrayList;
import org.camunda.bpm.engine.impl.bpmn.parser.BpmnParseListener;
import org.camunda.bpm.engine.impl.cfg.AbstractProcessEnginePlugin;
import org.camunda.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Component;

/** Registers {@link RoundParseListener} with the engine; the starter picks up plugin beans. */
@Component
class RoundEnginePlugin extends AbstractProcessEnginePlugin {

  private final ObjectProvider<RoundTaskCompletion> completion;
  private final ObjectProvider<RoundService> rounds;

  RoundEnginePlugin(
      ObjectProvider<RoundTaskCompletion> completion,
      ObjectProvider<RoundService> rounds) {
    this.completion = completion;
    this.rounds = rounds;
  }

  @Override
  public void preInit(ProcessEngineConfigurationImpl configuration) {
    if (configuration.getCustomPostBPMNParseListeners() == null) {
      configuration.setCustomPostBPMNParseListeners(new ArrayList<>());
    }
    RoundTaskListener taskListener = new RoundTaskListener(completion, rounds);
    configuration.getCustomPostBPMNParseListeners().add((BpmnParseListener) new RoundParseListener(taskListener, rounds));
  }
}
