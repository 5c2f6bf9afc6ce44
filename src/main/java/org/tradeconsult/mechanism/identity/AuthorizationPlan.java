package org.tradeconsult.mechanism.identity;

import static org.camunda.bpm.engine.authorization.Permissions.ACCESS;
import static org.camunda.bpm.engine.authorization.Permissions.ALL;
import static org.camunda.bpm.engine.authorization.Permissions.CREATE;
import static org.camunda.bpm.engine.authorization.Permissions.CREATE_INSTANCE;
import static org.camunda.bpm.engine.authorization.Permissions.READ;
import static org.camunda.bpm.engine.authorization.Permissions.READ_HISTORY;
import static org.camunda.bpm.engine.authorization.Permissions.READ_INSTANCE;
import static org.camunda.bpm.engine.authorization.Resources.APPLICATION;
import static org.camunda.bpm.engine.authorization.Resources.DECISION_DEFINITION;
import static org.camunda.bpm.engine.authorization.Resources.DEPLOYMENT;
import static org.camunda.bpm.engine.authorization.Resources.FILTER;
import static org.camunda.bpm.engine.authorization.Resources.PROCESS_DEFINITION;
import static org.camunda.bpm.engine.authorization.Resources.PROCESS_INSTANCE;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.camunda.bpm.engine.authorization.Permission;
import org.camunda.bpm.engine.authorization.Resource;
import org.camunda.bpm.engine.authorization.Resources;

/**
 * The Camunda authorizations each group holds. Task-level rights are not here: the engine grants
 * a task's candidate group READ and TASK_WORK on that task when the task is created, which is how
 * a side's secretariat or co-leads get their own side's tasks and nobody else's.
 */
final class AuthorizationPlan {

  static final String ANY = "*";

  /** One grant: these permissions on this resource (id or {@link #ANY}). */
  record Grant(Resource resource, String resourceId, List<Permission> permissions) {
    Grant(Resource resource, String resourceId, Permission... permissions) {
      this(resource, resourceId, List.of(permissions));
    }
  }

  private AuthorizationPlan() {}

  static List<Grant> grantsFor(MechanismGroup group) {
    return switch (group.role()) {
      case SECRETARIAT -> List.of(
          new Grant(APPLICATION, "tasklist", ACCESS),
          new Grant(APPLICATION, "cockpit", ACCESS),
          new Grant(FILTER, ANY, READ),
          new Grant(DEPLOYMENT, ANY, READ),
          new Grant(PROCESS_DEFINITION, ANY, READ, CREATE_INSTANCE, READ_INSTANCE, READ_HISTORY),
          new Grant(PROCESS_INSTANCE, ANY, CREATE),
          new Grant(DECISION_DEFINITION, ANY, READ));
      case CO_LEAD -> List.of(
          new Grant(APPLICATION, "tasklist", ACCESS),
          new Grant(FILTER, ANY, READ),
          new Grant(DEPLOYMENT, ANY, READ),
          new Grant(PROCESS_DEFINITION, ANY, READ));
      // Observers follow rounds and commitments, but never see a joint statement's process:
      // its drafting tasks carry embargoed texts.
      case OBSERVER -> List.of(
          new Grant(APPLICATION, "cockpit", ACCESS),
          new Grant(DEPLOYMENT, ANY, READ),
          new Grant(PROCESS_DEFINITION, ANY, READ),
          new Grant(PROCESS_DEFINITION, "consultation-round", READ, READ_INSTANCE, READ_HISTORY),
          new Grant(PROCESS_DEFINITION, "commitment-tracking", READ, READ_INSTANCE, READ_HISTORY),
          new Grant(PROCESS_DEFINITION, "regular-round-schedule", READ, READ_INSTANCE, READ_HISTORY),
          new Grant(DECISION_DEFINITION, ANY, READ));
      case ADMINISTRATOR -> administratorGrants();
    };
  }

  /** Administrators operate the engine: ALL on every resource type, as Camunda's own set-up does. */
  private static List<Grant> administratorGrants() {
    List<Grant> grants = new ArrayList<>();
    Arrays.stream(Resources.values()).forEach(r -> grants.add(new Grant(r, ANY, ALL)));
    return grants;
  }
}
