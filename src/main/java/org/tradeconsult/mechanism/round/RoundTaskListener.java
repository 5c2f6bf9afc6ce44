package org.tradeconsult.mechanism.round;

import java.util.EnumSet;
import java.util.Set;
import org.camunda.bpm.engine.delegate.DelegateTask;
import org.camunda.bpm.engine.delegate.TaskListener;
import org.camunda.bpm.engine.exception.NotFoundException;
import org.springframework.beans.factory.ObjectProvider;
import org.tradeconsult.mechanism.identity.MechanismGroup;
import org.tradeconsult.mechanism.identity.OfferedGroups;

/**
 * Attached by {@link RoundParseListener} to every user task of every process: for tasks of a
 * round, the checks of what was entered and the list of open tasks that says who the round is
 * waiting for. Who may answer a task, and that an answer holds only the task's own fields, is
 * checked before the command runs, by the identity package's engine command guard. Beans are looked up when a task event
 * happens, because this listener is created while the engine itself is being built.
 */
class RoundTaskListener implements TaskListener {

  private final ObjectProvider<RoundTaskCompletion> completion;
  private final ObjectProvider<RoundService> rounds;

  RoundTaskListener(
      ObjectProvider<RoundTaskCompletion> completion,
      ObjectProvider<RoundService> rounds) {
    this.completion = completion;
    this.rounds = rounds;
  }

  @Override
  public void notify(DelegateTask task) {
    if (task.getEventName() == null) {
      // The engine names the event only while the task still has its execution: a task whose
      // process instance ended in a concurrent transaction (a round cancelled as its co-lead
      // approved) arrives without one. Nothing can be done with it any more.
      throw new NotFoundException("Task " + task.getId() + " is gone: its process instance ended at the same time");
    }
    String roundId = roundIdOf(task);
    switch (task.getEventName()) {
      case EVENTNAME_CREATE -> {
        if (roundId != null) {
          opened(task, roundId);
        }
      }
      case EVENTNAME_COMPLETE -> {
        if (roundId != null) {
          completion.getObject().complete(task, roundId);
          rounds.getObject().taskClosed(roundId, task.getId());
        }
      }
      case EVENTNAME_DELETE -> {
        if (roundId != null) {
          rounds.getObject().taskClosed(roundId, task.getId());
        }
      }
      default -> {
        // assignment, update, timeout: nothing to track
      }
    }
  }

  private void opened(DelegateTask task, String roundId) {
    Set<org.tradeconsult.mechanism.identity.Side> sides = EnumSet.noneOf(org.tradeconsult.mechanism.identity.Side.class);
    String role = null;
    for (String groupId : OfferedGroups.candidateGroups(task)) {
      MechanismGroup group = MechanismGroup.byGroupId(groupId).orElse(null);
      if (group != null) {
        group.side().ifPresent(sides::add);
        role = group.role().name();
      }
    }
    rounds.getObject().taskOpened(roundId, task.getId(), task.getTaskDefinitionKey(), task.getName(), sides, role);
  }

  /** Only tasks of consultation rounds carry a round id; other processes are guarded, not tracked. */
  private static String roundIdOf(DelegateTask task) {
    if (!task.getProcessDefinitionId().startsWith(RoundProcess.KEY + ":")) {
      return null;
    }
    Object roundId = task.getVariable(RoundVariables.ROUND_ID);
    return roundId instanceof String id ? id : null;
  }
}
