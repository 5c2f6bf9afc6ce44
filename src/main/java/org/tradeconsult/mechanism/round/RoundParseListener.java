package org.tradeconsult.mechanism.round;

import org.camunda.bpm.engine.delegate.ExecutionListener;
import org.camunda.bpm.engine.delegate.TaskListener;
import org.camunda.bpm.engine.impl.bpmn.behavior.UserTaskActivityBehavior;
import org.camunda.bpm.engine.impl.bpmn.parser.AbstractBpmnParseListener;
import org.camunda.bpm.engine.impl.bpmn.parser.BpmnParseUtil;
import org.camunda.bpm.engine.impl.pvm.process.ActivityImpl;
import org.camunda.bpm.engine.impl.pvm.process.ScopeImpl;
import org.camunda.bpm.engine.impl.task.TaskDefinition;
import org.camunda.bpm.engine.impl.util.xml.Element;
import org.springframework.beans.factory.ObjectProvider;

/**
 * Wires the service into every deployed model, so that no model can forget it: each user task
 * gets {@link RoundTaskListener}; each flow node with the extension property {@code
 * roundStatus} gets a {@link RoundStatusListener} for that status.
 */
class RoundParseListener extends AbstractBpmnParseListener {

  private final RoundTaskListener taskListener;
  private final ObjectProvider<RoundService> rounds;

  RoundParseListener(RoundTaskListener taskListener, ObjectProvider<RoundService> rounds) {
    this.taskListener = taskListener;
    this.rounds = rounds;
  }

  @Override
  public void parseUserTask(Element element, ScopeImpl scope, ActivityImpl activity) {
    TaskDefinition definition = ((UserTaskActivityBehavior) activity.getActivityBehavior()).getTaskDefinition();
    definition.addBuiltInTaskListener(TaskListener.EVENTNAME_CREATE, taskListener);
    definition.addBuiltInTaskListener(TaskListener.EVENTNAME_COMPLETE, taskListener);
    definition.addBuiltInTaskListener(TaskListener.EVENTNAME_DELETE, taskListener);
    declaredStatus(element, activity);
  }

  @Override
  public void parseServiceTask(Element element, ScopeImpl scope, ActivityImpl activity) {
    declaredStatus(element, activity);
  }

  @Override
  public void parseCallActivity(Element element, ScopeImpl scope, ActivityImpl activity) {
    declaredStatus(element, activity);
  }

  @Override
  public void parseEndEvent(Element element, ScopeImpl scope, ActivityImpl activity) {
    declaredStatus(element, activity);
  }

  private void declaredStatus(Element element, ActivityImpl activity) {
    Element properties = BpmnParseUtil.findCamundaExtensionElement(element, "properties");
    if (properties == null) {
      return;
    }
    for (Element property : properties.elements("property")) {
      if (RoundProcess.STATUS_PROPERTY.equals(property.attribute("name"))) {
        RoundStatus status = RoundStatus.valueOf(property.attribute("value"));
        activity.addBuiltInListener(ExecutionListener.EVENTNAME_START, new RoundStatusListener(status, rounds));
      }
    }
  }
}
