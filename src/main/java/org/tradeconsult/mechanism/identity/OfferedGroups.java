package org.tradeconsult.mechanism.identity;

import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.camunda.bpm.engine.delegate.DelegateTask;
import org.camunda.bpm.engine.task.IdentityLink;
import org.camunda.bpm.engine.task.IdentityLinkType;

/**
 * The groups a task is offered to, as the engine created it: what Tasklist shows and who the
 * round waits for. Who may <em>answer</em> it is decided by {@link EngineCommandGuard} from the
 * model's declared candidate groups, never from these links, which an operator can edit.
 */
public final class OfferedGroups {

  private OfferedGroups() {}

  public static Set<String> candidateGroups(DelegateTask task) {
    return task.getCandidates().stream()
        .filter(link -> IdentityLinkType.CANDIDATE.equals(link.getType()) && link.getGroupId() != null)
        .map(IdentityLink::getGroupId)
        .collect(Collectors.toCollection(TreeSet::new));
  }
}
