package org.tradeconsult.mechanism.identity;

import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.camunda.bpm.engine.AuthorizationException;
import org.camunda.bpm.engine.delegate.DelegateTask;
import org.camunda.bpm.engine.task.IdentityLink;
import org.camunda.bpm.engine.task.IdentityLinkType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import org.tradeconsult.mechanism.audit.AuditLog;

/**
 * Dual control on the server: a task offered to groups can be completed only by a member of
 * one of those groups. Engine authorizations already keep other users away from the task, but
 * Camunda administrators bypass authorizations; this check does not, so not even an
 * administrator can approve or sign for a side, by Tasklist or by REST.
 *
 * <p>Calls with no authenticated user come from the service itself (timers, our own services)
 * and are not checked here: every HTTP entry point authenticates its caller.
 */
@Component
public class SideTaskGuard {

  private static final Logger log = LoggerFactory.getLogger(SideTaskGuard.class);

  private final CurrentUserService users;
  private final AuditLog auditLog;

  SideTaskGuard(CurrentUserService users, AuditLog auditLog) {
    this.users = users;
    this.auditLog = auditLog;
  }

  public void checkMayComplete(DelegateTask task) {
    String actor = users.currentActor();
    if (AuditLog.SYSTEM.equals(actor)) {
      return;
    }
    Set<String> offeredTo = candidateGroups(task);
    if (offeredTo.isEmpty()) {
      return;
    }
    List<String> groups = users.currentGroups();
    if (groups.stream().noneMatch(offeredTo::contains)) {
      String details = "task " + task.getTaskDefinitionKey() + " (" + task.getId() + ") is offered to " + offeredTo;
      auditLog.recordIndependently(actor, "TASK_COMPLETION_REFUSED", "task", task.getId(), details);
      log.warn("MECH-SEC-001 {} may not complete {}", actor, details);
      throw new AuthorizationException(
          "User '" + actor + "' may not complete this task: it is for " + String.join(", ", offeredTo) + " only");
    }
  }

  public static Set<String> candidateGroups(DelegateTask task) {
    return task.getCandidates().stream()
        .filter(link -> IdentityLinkType.CANDIDATE.equals(link.getType()) && link.getGroupId() != null)
        .map(IdentityLink::getGroupId)
        .collect(Collectors.toCollection(java.util.TreeSet::new));
  }
}
