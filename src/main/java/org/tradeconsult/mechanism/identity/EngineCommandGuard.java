package org.tradeconsult.mechanism.identity;

import java.lang.reflect.Field;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.camunda.bpm.engine.delegate.Expression;
import org.camunda.bpm.engine.impl.MessageCorrelationBuilderImpl;
import org.camunda.bpm.engine.impl.ProcessInstantiationBuilderImpl;
import org.camunda.bpm.engine.impl.cmd.CompleteTaskCmd;
import org.camunda.bpm.engine.impl.cmd.SubmitStartFormCmd;
import org.camunda.bpm.engine.impl.cmd.SubmitTaskFormCmd;
import org.camunda.bpm.engine.impl.cmd.StartProcessInstanceCmd;
import org.camunda.bpm.engine.impl.cmd.AbstractCorrelateMessageCmd;
import org.camunda.bpm.engine.impl.interceptor.Command;
import org.camunda.bpm.engine.impl.interceptor.CommandContext;
import org.camunda.bpm.engine.impl.interceptor.CommandInterceptor;
import org.camunda.bpm.engine.impl.context.Context;
import org.camunda.bpm.engine.impl.jobexecutor.FailedJobListener;
import org.camunda.bpm.engine.impl.jobexecutor.JobFailureCollector;
import org.camunda.bpm.engine.impl.persistence.entity.ExecutionEntity;
import org.camunda.bpm.engine.impl.persistence.entity.ProcessDefinitionEntity;
import org.camunda.bpm.engine.impl.persistence.entity.TaskEntity;
import org.camunda.bpm.engine.variable.VariableMap;
import org.camunda.bpm.engine.variable.Variables;
import org.camunda.bpm.engine.variable.value.TypedValue;
import org.camunda.bpm.model.bpmn.BpmnModelInstance;
import org.camunda.bpm.model.bpmn.instance.MessageEventDefinition;
import org.camunda.bpm.model.bpmn.instance.StartEvent;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.tradeconsult.mechanism.audit.AuditLog;
import org.tradeconsult.mechanism.validation.InvalidInputException;

/**
 * The one gate between people and the process state of the mechanism. It sits inside every
 * engine command (a post-context interceptor), so every channel passes it — {@code /engine-rest},
 * Tasklist's and Cockpit's own APIs, the Java API under a person's identity — and it refuses
 * before the command has changed anything.
 *
 * <p>Why an interceptor: Camunda writes every variable of a task completion into the process
 * instance, and a dozen other commands (variable writes, modification, job execution, message
 * correlation) change what gateways, timers and the release read. A listener sees only what has
 * already been written and only for the events it is attached to; a filter in front of HTTP
 * misses the Java API and paths not yet known. The command is the one place all of them pass.
 *
 * <p>A <em>person</em> is a caller with an authenticated user id; the service itself (the job
 * executor, start-up, our own services acting after their own checks) has none, or runs under
 * {@link CurrentUserService#checkedByService}. For a person:
 *
 * <ul>
 *   <li><b>An answer is the task's answer and nothing else</b> (complete, submit-form, resolve):
 *       every variable must be a field of the task's form, of the field's type; a field the form
 *       only shows may come back only unchanged, and is then dropped (it writes nothing). Who may
 *       answer comes from the model's declared candidate groups, evaluated now, never from
 *       identity links that can be edited at runtime; a member of {@code camunda-admin} never
 *       answers a side's task, whatever other groups it holds.
 *   <li><b>Only the round is startable</b>, at its start form or its ad-hoc request message, with
 *       the inputs they declare.
 *   <li><b>Operators operate, they do not decide</b>: variable writes, instance modification,
 *       migration and restart, BPMN errors on tasks, job execution and due-date changes, message
 *       and signal triggers, instance and history deletion, and deployments are refused on the
 *       mechanism's processes. Incident retries and suspend/resume stay open to operators.
 *   <li><b>Who changes identities is on record</b>: user, group, membership, authorization and
 *       candidate-link changes are written to the audit trail in the same transaction.
 * </ul>
 */
final class EngineCommandGuard extends CommandInterceptor {

  private static final Logger log = LoggerFactory.getLogger(EngineCommandGuard.class);

  /** The processes of the mechanism; the engine runs no other. */
  static final Set<String> MECHANISM_PROCESSES =
      Set.of("consultation-round", "joint-statement", "commitment-tracking", "regular-round-schedule");

  /** The only process people start, and the one message by which they may start it. */
  static final String STARTABLE_PROCESS = "consultation-round";

  static final String STARTABLE_MESSAGE = "AdHocRoundRequested";

  private static final String CMD = "org.camunda.bpm.engine.impl.cmd.";

  /**
   * Commands that change process state behind the models' back, or erase its record: the
   * service's alone (class names; EngineCommandGuardTest checks each exists in this engine).
   */
  static final Set<String> SERVICE_ONLY = Set.of(
      CMD + "SetExecutionVariablesCmd", CMD + "PatchExecutionVariablesCmd", CMD + "RemoveExecutionVariablesCmd",
      CMD + "SetTaskVariablesCmd", CMD + "PatchTaskVariablesCmd", CMD + "RemoveTaskVariablesCmd",
      CMD + "batch.variables.SetVariablesToProcessInstancesBatchCmd",
      CMD + "ModifyProcessInstanceCmd", CMD + "ModifyProcessInstanceAsyncCmd", CMD + "ProcessInstanceModificationBatchCmd",
      CMD + "StartProcessInstanceAtActivitiesCmd", CMD + "RestartProcessInstancesCmd",
      "org.camunda.bpm.engine.impl.batch.RestartProcessInstancesBatchCmd",
      "org.camunda.bpm.engine.impl.migration.MigrateProcessInstanceCmd",
      "org.camunda.bpm.engine.impl.migration.batch.MigrateProcessInstanceBatchCmd",
      CMD + "SetProcessDefinitionVersionCmd",
      CMD + "HandleTaskBpmnErrorCmd", CMD + "HandleTaskEscalationCmd",
      CMD + "ExecuteJobsCmd", CMD + "SetJobDuedateCmd", CMD + "RecalculateJobDuedateCmd", CMD + "DeleteJobCmd",
      CMD + "DeleteJobsCmd",
      CMD + "SignalCmd", CMD + "SignalEventReceivedCmd", CMD + "MessageEventReceivedCmd", CMD + "EvaluateStartConditionCmd",
      CMD + "batch.CorrelateAllMessageBatchCmd",
      CMD + "DeleteProcessInstanceCmd", CMD + "DeleteProcessInstancesCmd", CMD + "batch.DeleteProcessInstanceBatchCmd",
      CMD + "DeleteHistoricProcessInstancesCmd", CMD + "batch.DeleteHistoricProcessInstancesBatchCmd",
      CMD + "DeleteHistoricVariableInstanceCmd", CMD + "DeleteHistoricVariableInstancesByProcessInstanceIdCmd",
      CMD + "DeleteHistoricTaskInstanceCmd", CMD + "DeleteUserOperationLogEntryCmd",
      "org.camunda.bpm.engine.impl.dmn.cmd.DeleteHistoricDecisionInstanceByDefinitionIdCmd",
      "org.camunda.bpm.engine.impl.dmn.cmd.DeleteHistoricDecisionInstanceByInstanceIdCmd",
      "org.camunda.bpm.engine.impl.dmn.cmd.DeleteHistoricDecisionInstancesBatchCmd",
      "org.camunda.bpm.engine.impl.dmn.cmd.DeleteHistoricDecisionInstancesBulkCmd",
      CMD + "batch.removaltime.SetRemovalTimeToHistoricProcessInstancesCmd",
      CMD + "batch.removaltime.SetRemovalTimeToHistoricDecisionInstancesCmd",
      CMD + "UpdateProcessDefinitionHistoryTimeToLiveCmd", CMD + "UpdateDecisionDefinitionHistoryTimeToLiveCmd",
      CMD + "DeployCmd", CMD + "DeleteDeploymentCmd", CMD + "DeleteProcessDefinitionsByIdsCmd",
      CMD + "DeleteProcessDefinitionsByKeyCmd");

  /** Identity and rights changes: allowed to operators, always on record. */
  static final Set<String> IDENTITY_CHANGES = Set.of(
      CMD + "SaveUserCmd", CMD + "CreateUserCmd", CMD + "DeleteUserCmd", CMD + "SaveGroupCmd", CMD + "CreateGroupCmd",
      CMD + "DeleteGroupCmd", CMD + "CreateMembershipCmd", CMD + "DeleteMembershipCmd", CMD + "SaveAuthorizationCmd",
      CMD + "DeleteAuthorizationCmd", CMD + "UnlockUserCmd", CMD + "AddGroupIdentityLinkCmd", CMD + "AddUserIdentityLinkCmd",
      CMD + "DeleteGroupIdentityLinkCmd", CMD + "DeleteUserIdentityLinkCmd", CMD + "AddIdentityLinkForProcessDefinitionCmd",
      CMD + "DeleteIdentityLinkForProcessDefinitionCmd");

  private final DeclaredAnswers answers = new DeclaredAnswers();
  private final ObjectProvider<AuditLog> auditLog;

  EngineCommandGuard(ObjectProvider<AuditLog> auditLog) {
    this.auditLog = auditLog;
  }

  @Override
  public <T> T execute(Command<T> command) {
    CommandContext context = Context.getCommandContext();
    String person = person(context);
    if (person == null) {
      return next.execute(command);
    }
    String name = command.getClass().getName();
    if (command instanceof FailedJobListener && refusedByGuard(command)) {
      // The engine would now count the refused execution as a failed attempt of the job: fewer
      // retries and a new due date. A refusal changes nothing: the timer stands as it was.
      return null;
    }
    if (command instanceof CompleteTaskCmd || command instanceof SubmitTaskFormCmd) {
      checkAnswer(context, command, person);
    } else if (command instanceof StartProcessInstanceCmd || command instanceof SubmitStartFormCmd) {
      checkStart(context, command, person);
    } else if (command instanceof AbstractCorrelateMessageCmd correlation) {
      checkMessage(context, correlation, person);
    } else if (SERVICE_ONLY.contains(name)) {
      refuseOperation(command.getClass().getSimpleName(), person);
    } else if ((CMD + "SaveUserCmd").equals(name) || (CMD + "CreateUserCmd").equals(name)) {
      checkUserId(command);
    }
    T result = next.execute(command);
    if (IDENTITY_CHANGES.contains(name)) {
      auditLog.getObject().record(person, "IDENTITY_CHANGED", "engine-command", command.getClass().getSimpleName(), describe(command));
    }
    return result;
  }

  private static boolean refusedByGuard(Object failedJobListener) {
    Object collector = readQuietly(failedJobListener, "jobFailureCollector");
    Throwable failure = collector instanceof JobFailureCollector c ? c.getFailure() : null;
    for (int depth = 0; failure != null && depth < 5; depth++, failure = failure.getCause()) {
      if (failure instanceof GuardRefusal) {
        return true;
      }
    }
    return false;
  }

  /** The authenticated person behind the command, or null when the service itself acts. */
  static String person(CommandContext context) {
    if (CurrentUserService.isCheckedByService()) {
      return null;
    }
    var authentication = context.getAuthentication();
    return authentication == null ? null : authentication.getUserId();
  }

  private void checkAnswer(CommandContext context, Object command, String person) {
    String taskId = (String) read(command, "taskId");
    TaskEntity task = context.getTaskManager().findTaskById(taskId);
    if (task == null || task.getProcessDefinitionId() == null) {
      return; // the engine answers a missing task itself; a standalone task is no mechanism task
    }
    ProcessDefinitionEntity definition = definition(context, task.getProcessDefinitionId());
    if (!MECHANISM_PROCESSES.contains(definition.getKey())) {
      return;
    }
    checkMayAnswer(context, task, person);
    String field = command instanceof SubmitTaskFormCmd ? "properties" : "variables";
    DeclaredAnswers.Form form = answers.of(context, definition.getId(), definition.getDeploymentId(), task.getTaskDefinitionKey());
    write(command, field, checked(form, read(command, field), task::getVariable));
  }

  /** Who may answer: a member of a group the model offers the task to, and no administrator. */
  private void checkMayAnswer(CommandContext context, TaskEntity task, String person) {
    List<String> groups = groupsOf(context);
    Set<String> offeredTo = declaredCandidateGroups(task);
    String refusal = null;
    if (groups.contains(MechanismGroup.ADMINISTRATORS.groupId())) {
      refusal = "administrators operate the service and never answer a side's task";
    } else if (offeredTo.stream().noneMatch(groups::contains)) {
      refusal = offeredTo.isEmpty() ? "the model offers it to no group" : "it is for " + String.join(", ", offeredTo) + " only";
    }
    if (refusal != null) {
      String details = "task " + task.getTaskDefinitionKey() + " (" + task.getId() + ") of " + task.getProcessInstanceId()
          + ": " + refusal;
      auditLog.getObject().recordIndependently(person, "TASK_COMPLETION_REFUSED", "task", task.getId(), details);
      log.warn("MECH-SEC-001 {} may not complete {}", person, details);
      throw new GuardRefusal("User '" + person + "' may not complete this task: " + refusal);
    }
  }

  /** The model's candidate groups of the task, evaluated against its execution now. */
  static Set<String> declaredCandidateGroups(TaskEntity task) {
    Set<String> groups = new TreeSet<>();
    ExecutionEntity execution = task.getExecution();
    for (Expression expression : task.getTaskDefinition().getCandidateGroupIdExpressions()) {
      Object value = expression.getValue(execution);
      Collection<?> ids = value instanceof Collection<?> c ? c : value == null ? List.of() : List.of(String.valueOf(value).split(","));
      ids.forEach(id -> groups.add(String.valueOf(id).strip()));
    }
    groups.remove("");
    return groups;
  }

  private void checkStart(CommandContext context, Object command, String person) {
    ProcessInstantiationBuilderImpl builder = command instanceof StartProcessInstanceCmd
        ? (ProcessInstantiationBuilderImpl) read(command, "instantiationBuilder") : null;
    ProcessDefinitionEntity definition = builder == null ? definition(context, (String) read(command, "processDefinitionId"))
        : builder.getProcessDefinitionId() != null ? definition(context, builder.getProcessDefinitionId())
        : context.getProcessEngineConfiguration().getDeploymentCache().findDeployedLatestProcessDefinitionByKey(builder.getProcessDefinitionKey());
    if (definition == null || !MECHANISM_PROCESSES.contains(definition.getKey())) {
      return; // not the mechanism's (the benchmark's bare replica); the engine answers an unknown one itself
    }
    if (builder != null && !builder.getModificationBuilder().getModificationOperations().isEmpty()) {
      refuseOperation("StartProcessInstanceAtActivities", person);
    }
    checkStartable(definition, person);
    DeclaredAnswers.Form form = answers.of(context, definition.getId(), definition.getDeploymentId(), initialStartEvent(definition));
    @SuppressWarnings("unchecked")
    Map<String, Object> given = builder != null ? builder.getVariables() : (Map<String, Object>) read(command, "variables");
    keepAnswers(form, given);
  }

  private void checkStartable(ProcessDefinitionEntity definition, String person) {
    if (definition != null && !STARTABLE_PROCESS.equals(definition.getKey())) {
      refuse(person, "START_REFUSED", definition.getKey(),
          "Process '" + definition.getKey() + "' is started by the service only; people start consultation rounds");
    }
  }

  private static String initialStartEvent(ProcessDefinitionEntity definition) {
    return definition.getInitial() == null ? null : definition.getInitial().getId();
  }

  private void checkMessage(CommandContext context, AbstractCorrelateMessageCmd correlation, String person) {
    String messageName = (String) read(correlation, "messageName");
    if (!STARTABLE_MESSAGE.equals(messageName)) {
      refuse(person, "OPERATION_REFUSED", String.valueOf(messageName),
          "Message '" + messageName + "' is sent by the service only (through /api/v1); people may send " + STARTABLE_MESSAGE);
    }
    MessageCorrelationBuilderImpl builder = (MessageCorrelationBuilderImpl) read(correlation, "builder");
    if (notEmpty(builder.getPayloadProcessInstanceVariablesLocal()) || notEmpty(builder.getPayloadProcessInstanceVariablesToTriggeredScope())
        || notEmpty(builder.getCorrelationProcessInstanceVariables()) || notEmpty(builder.getCorrelationLocalVariables())
        || builder.getProcessInstanceId() != null) {
      throw new InvalidInputException("processVariables", "an ad-hoc request starts a round: only its process variables may be sent");
    }
    ProcessDefinitionEntity definition = context.getProcessEngineConfiguration().getDeploymentCache()
        .findDeployedLatestProcessDefinitionByKey(STARTABLE_PROCESS);
    DeclaredAnswers.Form form = answers.of(context, definition.getId(), definition.getDeploymentId(), messageStartEvent(context, definition));
    keepAnswers(form, builder.getPayloadProcessInstanceVariables());
  }

  /** The start event of the process that the message starts. */
  private static String messageStartEvent(CommandContext context, ProcessDefinitionEntity definition) {
    BpmnModelInstance model = context.getProcessEngineConfiguration().getDeploymentCache()
        .findBpmnModelInstanceForProcessDefinition(definition.getId());
    return model.getModelElementsByType(StartEvent.class).stream()
        .filter(start -> start.getEventDefinitions().stream().anyMatch(d -> d instanceof MessageEventDefinition m
            && m.getMessage() != null && STARTABLE_MESSAGE.equals(m.getMessage().getName())))
        .map(StartEvent::getId)
        .findFirst()
        .orElseThrow(() -> new IllegalStateException(definition.getKey() + " has no start event for " + STARTABLE_MESSAGE));
  }

  /** Checks the inputs of a start (the engine's own, mutable map): only what the form asks stays. */
  private static void keepAnswers(DeclaredAnswers.Form form, Map<String, Object> given) {
    if (given != null) {
      given.keySet().retainAll(checked(form, given, name -> null).keySet());
    }
  }

  /** Each submitted value checked against the form; the answers to keep, echoes of shown fields dropped. */
  private static VariableMap checked(DeclaredAnswers.Form form, Object submitted, java.util.function.Function<String, Object> shown) {
    VariableMap kept = Variables.createVariables();
    if (!(submitted instanceof Map<?, ?> values) || values.isEmpty()) {
      return kept;
    }
    if (!form.exists()) {
      String first = String.valueOf(values.keySet().iterator().next());
      throw new InvalidInputException(first, "is not asked: this step takes no input");
    }
    VariableMap typed = submitted instanceof VariableMap map ? map : null;
    for (String name : new TreeSet<>(values.keySet().stream().map(String::valueOf).toList())) {
      TypedValue value = typed != null ? typed.getValueTyped(name) : Variables.untypedValue(values.get(name));
      if (DeclaredAnswers.check(form, name, value, form.shows(name) ? shown.apply(name) : null)) {
        kept.putValueTyped(name, value);
      }
    }
    return kept;
  }

  private void refuseOperation(String command, String person) {
    refuse(person, "OPERATION_REFUSED", command,
        command + " is refused on the mechanism's processes: their state changes only through the tasks of the people whose"
            + " decision it is, and through the service (operators may retry incidents and suspend or resume)");
  }

  private void refuse(String person, String action, String subject, String message) {
    auditLog.getObject().recordIndependently(person, action, "engine-command", subject, message);
    log.warn("MECH-SEC-003 {} refused: {}", person, message);
    throw new GuardRefusal(message);
  }

  /** No person may take the name under which the service itself acts in the audit trail. */
  private static void checkUserId(Object command) {
    Object user = command.getClass().getSimpleName().equals("CreateUserCmd") ? readQuietly(command, "userId") : read(command, "user");
    String id = user instanceof org.camunda.bpm.engine.identity.User u ? u.getId() : (String) user;
    if (AuditLog.SYSTEM.equalsIgnoreCase(id)) {
      throw new InvalidInputException("id", "'" + AuditLog.SYSTEM + "' is reserved for the service itself");
    }
  }

  private static List<String> groupsOf(CommandContext context) {
    var authentication = context.getAuthentication();
    if (authentication.getGroupIds() != null) {
      return authentication.getGroupIds();
    }
    return context.getReadOnlyIdentityProvider().createGroupQuery().groupMember(authentication.getUserId()).list().stream()
        .map(org.camunda.bpm.engine.identity.Group::getId).toList();
  }

  private static ProcessDefinitionEntity definition(CommandContext context, String processDefinitionId) {
    return context.getProcessEngineConfiguration().getDeploymentCache().findDeployedProcessDefinitionById(processDefinitionId);
  }

  private static boolean notEmpty(Map<?, ?> map) {
    return map != null && !map.isEmpty();
  }

  private static String describe(Object command) {
    StringBuilder details = new StringBuilder(command.getClass().getSimpleName());
    for (String field : List.of("userId", "groupId", "taskId", "processDefinitionId", "authorizationId", "user", "group", "authorization")) {
      Object value = readQuietly(command, field);
      if (value != null) {
        details.append(' ').append(field).append('=').append(summary(value));
      }
    }
    return details.toString();
  }

  private static String summary(Object value) {
    if (value instanceof org.camunda.bpm.engine.identity.User user) {
      return user.getId();
    }
    if (value instanceof org.camunda.bpm.engine.identity.Group group) {
      return group.getId();
    }
    if (value instanceof org.camunda.bpm.engine.authorization.Authorization authorization) {
      return "{type " + authorization.getAuthorizationType() + ", user " + authorization.getUserId() + ", group "
          + authorization.getGroupId() + ", resource " + authorization.getResourceType() + "/" + authorization.getResourceId() + "}";
    }
    return String.valueOf(value);
  }

  // Camunda's commands keep their input in protected fields without getters; read (and, for the
  // answer, replace) them by name. EngineCommandGuardTest pins the names on this engine version.
  static Object read(Object command, String field) {
    Field f = field(command.getClass(), field);
    if (f == null) {
      throw new IllegalStateException(command.getClass().getName() + " has no field " + field + " on this engine version");
    }
    try {
      return f.get(command);
    } catch (IllegalAccessException e) {
      throw new IllegalStateException(e);
    }
  }

  private static Object readQuietly(Object command, String field) {
    Field f = field(command.getClass(), field);
    try {
      return f == null ? null : f.get(command);
    } catch (IllegalAccessException e) {
      return null;
    }
  }

  private static void write(Object command, String field, Object value) {
    try {
      field(command.getClass(), field).set(command, value);
    } catch (IllegalAccessException e) {
      throw new IllegalStateException(e);
    }
  }

  private static Field field(Class<?> type, String name) {
    for (Class<?> c = type; c != null; c = c.getSuperclass()) {
      try {
        Field f = c.getDeclaredField(name);
        f.setAccessible(true);
        return f;
      } catch (NoSuchFieldException e) {
        // look in the superclass
      }
    }
    return null;
  }
}
