package org.tradeconsult.mechanism.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;
import static org.tradeconsult.mechanism.round.RoundProcess.*;
import static org.tradeconsult.mechanism.support.RoundDriver.START;
import static org.tradeconsult.mechanism.support.RoundDriver.vars;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.ObjectOutputStream;
import java.io.UncheckedIOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.ResultSetMetaData;
import java.time.Clock;
import java.time.temporal.ChronoUnit;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collection;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl;
import org.camunda.bpm.engine.impl.persistence.entity.TaskEntity;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.camunda.bpm.engine.task.Task;
import org.camunda.bpm.model.bpmn.Bpmn;
import org.camunda.bpm.model.bpmn.BpmnModelInstance;
import org.camunda.bpm.model.bpmn.impl.BpmnModelConstants;
import org.camunda.bpm.model.bpmn.instance.MultiInstanceLoopCharacteristics;
import org.camunda.bpm.model.bpmn.instance.Process;
import org.camunda.bpm.model.bpmn.instance.StartEvent;
import org.camunda.bpm.model.bpmn.instance.UserTask;
import org.camunda.bpm.model.bpmn.instance.camunda.CamundaIn;
import org.camunda.bpm.model.bpmn.instance.camunda.CamundaInputParameter;
import org.camunda.bpm.model.bpmn.instance.camunda.CamundaOut;
import org.camunda.bpm.model.bpmn.instance.camunda.CamundaOutputParameter;
import org.camunda.bpm.model.xml.instance.ModelElementInstance;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.tradeconsult.mechanism.commitment.CommitmentService;
import org.tradeconsult.mechanism.commitment.CommitmentTasks;
import org.tradeconsult.mechanism.round.RoundCommandService;
import org.tradeconsult.mechanism.round.RoundService;
import org.tradeconsult.mechanism.support.Http;
import org.tradeconsult.mechanism.support.RoundDriver;
import org.tradeconsult.mechanism.support.ServiceTest;
import org.tradeconsult.mechanism.support.StatementDriver;

/**
 * Forged completions, generated from the models: for every user task of every process in
 * {@code bpmn/*.bpmn} (and the round's start form), a legitimate user of the task — a member of
 * its candidate groups as the model declares them — sends a valid answer plus one forged
 * variable: (a) every variable name the models, the forms and the live instance know that is
 * not an editable field of the task's form (its read-only fields with another value), (b) the
 * other side's decision, (c) a wrong type for each editable field and a Java-serialized object.
 * Each must answer 400 naming the variable, leave the task open, the instance's variables, our
 * tables and the audit trail as they were (refusal records aside); the valid answer then
 * completes the task. A forgery that is accepted is listed and the task re-opened on a fresh
 * instance, so that one run lists every defect.
 */
@ServiceTest
class ForgedCompletionTest {

  private static final Logger log = LoggerFactory.getLogger(ForgedCompletionTest.class);

  private static final Path MODELS = Path.of("bpmn");
  private static final Path FORMS = MODELS.resolve("forms");
  private static final Path MIGRATIONS = Path.of("src/main/resources/db/migration");

  /** Accepted forgeries per task after which the task is no longer re-driven (the rest is noted as not tried). */
  private static final int ACCEPTED_CAP = Integer.getInteger("forged.cap", 30);

  private static final String FORGED_INSTANT = "2020-01-01T00:00:00Z";
  private static final String COMPLETE = "engine-rest complete";
  private static final String SUBMIT_FORM = "engine-rest submit-form";
  private static final String TASKLIST = "tasklist submit-form";
  private static final String START_CHANNEL = "engine-rest start";
  private static final String START_SUBMIT_FORM = "engine-rest start submit-form";
  private static final List<String> THREE_CHANNELS = List.of(COMPLETE, SUBMIT_FORM, TASKLIST);
  private static final List<String> TWO_CHANNELS = List.of(COMPLETE, TASKLIST);
  private static final List<String> LEGITIMATE_USERS = List.of("us-secretary", "cn-secretary", "us-colead", "cn-colead");

  /** Words of the expression language and names the engine resolves itself: not process variables. */
  private static final Set<String> NOT_VARIABLES = Set.of("execution", "task", "authenticatedUserId", "variableScope",
      "true", "false", "null", "empty", "not", "and", "or", "eq", "ne", "lt", "gt", "le", "ge", "div", "mod", "instanceof");

  private static final Pattern EXPRESSION = Pattern.compile("[$#]\\{([^}]*)}");
  private static final Pattern GET_VARIABLE = Pattern.compile("getVariable\\(\\s*'([^']*)'\\s*\\)");
  private static final Pattern QUOTED = Pattern.compile("'[^']*'|\"[^\"]*\"");
  private static final Pattern IDENTIFIER = Pattern.compile("(?<![.\\w])([A-Za-z_]\\w*)");
  private static final Pattern CREATE_TABLE = Pattern.compile("(?i)create\\s+table\\s+(?:if\\s+not\\s+exists\\s+)?(\\w+)");
  private static final Pattern DROP_TABLE = Pattern.compile("(?i)drop\\s+table\\s+(?:if\\s+exists\\s+)?(\\w+)");
  private static final Pattern SIDE_SUFFIX = Pattern.compile("^[a-z]\\w*(US|CN)$");

  @LocalServerPort int port;
  @Autowired ProcessEngine engine;
  @Autowired RoundService rounds;
  @Autowired RoundCommandService roundCommands;
  @Autowired CommitmentService commitmentService;
  @Autowired JdbcClient jdbc;
  @Autowired Clock clock;
  @Autowired ApplicationContext context;

  private final ObjectMapper json = new ObjectMapper();
  private Http http;
  private RoundDriver driver;
  private StatementDriver statements;
  private CommitmentTasks commitments;
  private final Map<String, WebappSession> tasklist = new HashMap<>();
  private final Map<String, Deque<Opened>> spares = new HashMap<>();
  private final Set<String> tainted = new HashSet<>();
  private Map<String, Form> forms;
  private Set<String> modelNames;
  private List<String> ownTables;
  private final List<String> failures = new ArrayList<>();
  private final List<String> notes = new ArrayList<>();
  private final Map<String, Tally> tallies = new TreeMap<>();
  private final Map<String, String> startFormByProcess = new HashMap<>();

  // ---- the models

  /** A field of a Camunda Form: its key, component type, read-only flag and offered values. */
  record Field(String key, String type, boolean readonly, List<String> options) {}

  record Form(String id, Map<String, Field> fields) {
    Set<String> editable() {
      Set<String> keys = new LinkedHashSet<>();
      fields.values().stream().filter(f -> !f.readonly()).forEach(f -> keys.add(f.key()));
      return keys;
    }
  }

  /** A user task of a model, as the model declares it. */
  record ModelTask(String process, String id, String candidateGroups, String formRef) {
    String key() {
      return process + "/" + id;
    }
  }

  /** A typed variable as the engine's REST API and Tasklist send it. */
  record Value(String type, Object value, Map<String, Object> valueInfo) {
    static Value of(Object value) {
      if (value instanceof Boolean) {
        return new Value("Boolean", value, null);
      }
      if (value instanceof Integer) {
        return new Value("Integer", value, null);
      }
      if (value instanceof Collection<?> items) {
        try {
          return new Value("Json", new ObjectMapper().writeValueAsString(items), null);
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      }
      return new Value("String", value == null ? null : value.toString(), null);
    }

    static Value javaSerialized(Object object) {
      ByteArrayOutputStream bytes = new ByteArrayOutputStream();
      try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
        out.writeObject(object);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      return new Value("Object", Base64.getEncoder().encodeToString(bytes.toByteArray()), Map.of(
          "objectTypeName", object.getClass().getName(), "serializationDataFormat", "application/x-java-serialized-object"));
    }

    String shown() {
      return type + " " + value;
    }
  }

  /** One forged answer: the valid answer with one variable added or changed. */
  record Attempt(String kind, String variable, Value forged, List<String> channels) {}

  /** A task open in an instance. */
  record Opened(String processInstanceId, String taskId) {}

  /** What the engine and our tables hold at one moment. */
  record Snapshot(Map<String, String> variables, List<String> rows) {}

  /** Counts per process (kind (b) also separately). */
  static final class Tally {
    int tasks;
    int attempts;
    int refused;
    int accepted;
    int otherSideAttempts;
    int otherSideRefused;
    int otherSideAccepted;
    int notTried;
    int redrives;
  }

  @Test
  void everyForgedVariableOfEveryTaskCompletionIsRefusedAndChangesNothing() throws IOException {
    long started = System.nanoTime();
    http = new Http(port);
    driver = new RoundDriver(engine, rounds, roundCommands);
    statements = new StatementDriver(engine, driver);
    commitments = new CommitmentTasks(engine, commitmentService, jdbc);
    forms = readForms();
    ownTables = ownTables();
    List<ModelTask> tasks = new ArrayList<>();
    List<String> startForms = new ArrayList<>();
    modelNames = new TreeSet<>();
    readModels(tasks, startForms);
    forms.values().forEach(form -> modelNames.addAll(form.fields().keySet()));
    log.info("FORGED models: {} user tasks, {} start forms, {} variable names: {}", tasks.size(), startForms, modelNames.size(), modelNames);
    assertThat(tasks).as("user tasks in bpmn/*.bpmn").isNotEmpty();
    // Logged in before any snapshot: a login is not what is being compared.
    LEGITIMATE_USERS.forEach(user -> tasklist.put(user, WebappSession.tasklist(port, user, Http.DEMO_PASSWORD)));

    for (String process : startForms) {
      forgeStart(process);
    }
    for (ModelTask task : tasks) {
      forgeCompletions(task);
    }

    StringBuilder summary = new StringBuilder();
    tallies.forEach((process, t) -> {
      String line = "FORGED %s: tasks %d, attempts %d, refused %d, accepted %d (other side's decision: attempts %d, refused %d, accepted %d; not tried after the cap: %d; re-driven %d times)"
          .formatted(process, t.tasks, t.attempts, t.refused, t.accepted, t.otherSideAttempts, t.otherSideRefused,
              t.otherSideAccepted, t.notTried, t.redrives);
      log.info(line);
      summary.append(line).append('\n');
    });
    notes.forEach(note -> log.info("FORGED note: {}", note));
    log.info("FORGED run time {} s, failures {}", (System.nanoTime() - started) / 1_000_000_000, failures.size());
    Path report = Path.of("target", "forged-completions.txt");
    Files.createDirectories(report.getParent());
    Files.writeString(report, summary + String.join("\n", notes) + "\n\n" + String.join("\n", failures) + "\n");
    if (!failures.isEmpty()) {
      log.info("FORGED failures by kind:\n{}", byKind());
      fail(failures.size() + " failures: forged completions accepted, or refused without a 400 naming the variable,"
          + " or tasks not reached (all in " + report + "):\n" + summary
          + String.join("\n", notes) + "\nBy kind of failure and channel:\n" + byKind() + "\nFirst ones:\n"
          + String.join("\n", failures.subList(0, Math.min(failures.size(), 200))));
    }
  }

  /** A refusal must be a 400 whose problem names the forged variable in {@code field}. */
  private void refusal(String what, Attempt attempt, HttpResponse<String> answer) {
    String field = fieldOf(answer.body());
    String outcome = " -> " + answer.statusCode() + " field=" + field + " " + head(answer.body());
    if (answer.statusCode() != 400) {
      failures.add("REFUSED WITH ANOTHER STATUS: " + what + outcome);
    } else if (!attempt.variable().equals(field)) {
      failures.add("REFUSED WITHOUT NAMING THE FIELD: " + what + outcome);
    }
  }

  /** How many failures of each kind (ACCEPTED, REFUSED WITHOUT NAMING THE FIELD, ...) per channel and status: the list itself is long. */
  private String byKind() {
    Pattern shape = Pattern.compile("^([A-Z ]+):.*? via ([a-z -]+): .*? -> (\\d+)");
    Map<String, Integer> counts = new TreeMap<>();
    for (String failure : failures) {
      Matcher m = shape.matcher(failure);
      String key = m.find() ? m.group(1) + " via " + m.group(2) + " -> " + m.group(3) : failure.substring(0, Math.max(0, failure.indexOf(':')));
      counts.merge(key, 1, Integer::sum);
    }
    StringBuilder text = new StringBuilder();
    counts.forEach((key, n) -> text.append("  ").append(n).append(" × ").append(key).append('\n'));
    return text.toString();
  }

  // ---- one task

  private void forgeCompletions(ModelTask model) {
    Tally tally = tallies.computeIfAbsent(model.process(), p -> new Tally());
    long started = System.nanoTime();
    int attemptsBefore = tally.attempts;
    int acceptedBefore = tally.accepted;
    try {
      forgeCompletions(model, tally);
    } finally {
      log.info("FORGED task {}: attempts {}, accepted {}, {} ms", model.key(), tally.attempts - attemptsBefore,
          tally.accepted - acceptedBefore, (System.nanoTime() - started) / 1_000_000);
    }
  }

  private void forgeCompletions(ModelTask model, Tally tally) {
    tally.tasks++;
    Form form = forms.get(model.formRef());
    if (form == null) {
      failures.add("NO FORM: " + model.key() + ": form " + model.formRef() + " not found in " + FORMS);
      return;
    }
    Map<String, Object> valid = validAnswer(form.id());
    Opened opened = open(model);
    if (opened == null) {
      return;
    }
    List<String> groups = candidateGroups(model, opened.taskId());
    String user = legitimateUser(groups, opened.taskId());
    List<Attempt> attempts = attempts(model, form, valid, opened);
    Snapshot before = snapshot(opened);
    int acceptedHere = 0;
    boolean clean = true;
    for (Attempt attempt : attempts) {
      for (String channel : attempt.channels()) {
        if (acceptedHere >= ACCEPTED_CAP) {
          tally.notTried++;
          continue;
        }
        Map<String, Value> variables = new LinkedHashMap<>();
        valid.forEach((name, value) -> variables.put(name, Value.of(value)));
        variables.put(attempt.variable(), attempt.forged());
        HttpResponse<String> answer = send(channel, opened.taskId(), user, variables);
        boolean otherSide = attempt.kind().equals("b");
        tally.attempts++;
        if (otherSide) {
          tally.otherSideAttempts++;
        }
        boolean stillOpen = isOpen(opened.taskId());
        String what = "%s (%s) as %s via %s: %s = %s".formatted(model.key(), kindName(attempt.kind()), user, channel,
            attempt.variable(), attempt.forged().shown());
        if (answer.statusCode() / 100 == 2 || !stillOpen) {
          tally.accepted++;
          if (otherSide) {
            tally.otherSideAccepted++;
          }
          acceptedHere++;
          failures.add("ACCEPTED: " + what + " -> " + answer.statusCode() + " open=" + stillOpen + " " + head(answer.body()));
          tainted.add(opened.processInstanceId());
          if (acceptedHere >= ACCEPTED_CAP) {
            notes.add(model.key() + ": " + ACCEPTED_CAP + " forgeries accepted, not re-driven any more; the remaining attempts not tried");
            clean = false;
            opened = null;
            continue;
          }
          tally.redrives++;
          opened = open(model);
          if (opened == null) {
            return;
          }
          before = snapshot(opened);
          continue;
        }
        tally.refused++;
        if (otherSide) {
          tally.otherSideRefused++;
        }
        String field = fieldOf(answer.body());
        refusal(what, attempt, answer);
      }
    }
    if (opened == null) {
      return;
    }
    if (clean) {
      Snapshot after = snapshot(opened);
      compare(model.key(), before, after);
    }
    Map<String, Value> variables = new LinkedHashMap<>();
    valid.forEach((name, value) -> variables.put(name, Value.of(value)));
    HttpResponse<String> completed = send(COMPLETE, opened.taskId(), user, variables);
    if (completed.statusCode() != 204 || isOpen(opened.taskId())) {
      failures.add("VALID ANSWER NOT ACCEPTED: " + model.key() + " as " + user + ": " + variables + " -> "
          + completed.statusCode() + " " + head(completed.body()));
    }
  }

  private List<Attempt> attempts(ModelTask model, Form form, Map<String, Object> valid, Opened opened) {
    Map<String, Object> current = engine.getTaskService().getVariables(opened.taskId());
    Set<String> editable = form.editable();
    List<Attempt> attempts = new ArrayList<>();
    // (b) the other side's decision, first: it matters most and a capped task still gets it.
    Set<String> otherSide = new TreeSet<>();
    String side = model.id().endsWith("US") ? "US" : model.id().endsWith("CN") ? "CN" : null;
    Set<String> names = new TreeSet<>(modelNames);
    names.addAll(engine.getRuntimeService().getVariables(opened.processInstanceId()).keySet());
    if (side != null) {
      String other = side.equals("US") ? "CN" : "US";
      for (String name : names) {
        Matcher m = SIDE_SUFFIX.matcher(name);
        if (m.matches() && m.group(1).equals(other) && !editable.contains(name)) {
          otherSide.add(name);
          attempts.add(new Attempt("b", name, Value.of(plausible(name, current.get(name))), THREE_CHANNELS));
        }
      }
    }
    // (c) wrong types of the editable fields, and a Java-serialized object.
    for (String key : editable) {
      Field field = form.fields().get(key);
      attempts.add(new Attempt("c", key, Value.of(42), THREE_CHANNELS));
      if (Set.of("textfield", "textarea", "datetime").contains(field.type())) {
        attempts.add(new Attempt("c", key, Value.of(Boolean.TRUE), THREE_CHANNELS));
      }
    }
    String decision = editable.stream().filter(valid::containsKey).findFirst().orElse(editable.iterator().next());
    attempts.add(new Attempt("c", decision, Value.javaSerialized(new ArrayList<>(List.of("APPROVE"))), THREE_CHANNELS));
    // (a) every other name the models and the instance know; read-only fields with another value.
    for (String name : names) {
      if (editable.contains(name) || otherSide.contains(name)) {
        continue;
      }
      Field field = form.fields().get(name);
      Value forged = field != null ? Value.of(otherValue(field, current.get(name))) : Value.of(plausible(name, current.get(name)));
      attempts.add(new Attempt("a", name, forged, TWO_CHANNELS));
    }
    return attempts;
  }

  // ---- the round's start form

  private void forgeStart(String process) {
    Tally tally = tallies.computeIfAbsent(process, p -> new Tally());
    long startedAt = System.nanoTime();
    int attemptsBefore = tally.attempts;
    int refusedBefore = tally.refused;
    int acceptedBefore = tally.accepted;
    String formId = startFormByProcess.get(process);
    Form form = forms.get(formId);
    Map<String, Object> valid = validAnswer(form.id());
    Set<String> editable = form.editable();
    List<Attempt> attempts = new ArrayList<>();
    for (String key : editable) {
      attempts.add(new Attempt("c", key, Value.of(42), List.of(START_CHANNEL, START_SUBMIT_FORM)));
    }
    for (String name : modelNames) {
      if (!editable.contains(name)) {
        attempts.add(new Attempt("a", name, Value.of(plausible(name, null)), List.of(START_CHANNEL, START_SUBMIT_FORM)));
      }
    }
    String user = "us-secretary";
    for (Attempt attempt : attempts) {
      for (String channel : attempt.channels()) {
        Map<String, Value> variables = new LinkedHashMap<>();
        valid.forEach((name, value) -> variables.put(name, Value.of(value)));
        variables.put(attempt.variable(), attempt.forged());
        long instancesBefore = instances(process);
        long roundsBefore = roundRows();
        HttpResponse<String> answer = start(channel, process, user, variables);
        tally.attempts++;
        boolean created = instances(process) != instancesBefore || roundRows() != roundsBefore;
        String what = "%s start form (%s) as %s via %s: %s = %s".formatted(process, kindName(attempt.kind()), user, channel,
            attempt.variable(), attempt.forged().shown());
        if (answer.statusCode() / 100 == 2 || created) {
          tally.accepted++;
          failures.add("ACCEPTED: " + what + " -> " + answer.statusCode() + " new instance=" + created + " " + head(answer.body()));
          continue;
        }
        tally.refused++;
        String field = fieldOf(answer.body());
        refusal(what, attempt, answer);
      }
    }
    Map<String, Value> variables = new LinkedHashMap<>();
    valid.forEach((name, value) -> variables.put(name, Value.of(value)));
    long before = instances(process);
    HttpResponse<String> started = start(START_CHANNEL, process, user, variables);
    if (started.statusCode() != 200 || instances(process) != before + 1) {
      failures.add("VALID START NOT ACCEPTED: " + process + " as " + user + ": " + variables + " -> " + started.statusCode() + " "
          + head(started.body()));
    }
    log.info("FORGED {} start form: attempts {}, refused {}, accepted {} ({} ms; counted in the process's line)", process,
        tally.attempts - attemptsBefore, tally.refused - refusedBefore, tally.accepted - acceptedBefore,
        (System.nanoTime() - startedAt) / 1_000_000);
  }

  private long instances(String process) {
    return engine.getRuntimeService().createProcessInstanceQuery().processDefinitionKey(process).count();
  }

  private long roundRows() {
    return jdbc.sql("select count(*) from consultation_round").query(Long.class).single();
  }

  // ---- valid answers, by form

  /** A valid answer per form; a form without one fails the test, so a new form is caught. */
  private Map<String, Object> validAnswer(String formId) {
    String now = clock.instant().truncatedTo(ChronoUnit.SECONDS).toString();
    return switch (formId) {
      case "start-round" -> vars("level", "WORKING", "title", "Forged-completion probe", "startDate", START.toString(),
          "endDate", START.plusDays(1).toString(), "topics", List.of("TARIFFS"), "requestedHost", "US");
      case "answer-adhoc-request", "decide-escalated-request" -> vars("decision", "ACCEPT");
      case "propose-arrangements" -> vars("host", "US", "venue", "Washington", "startDate", START.toString(),
          "endDate", START.plusDays(1).toString());
      case "confirm-arrangements" -> vars("arrangementsDecision", "AGREE");
      case "propose-agenda" -> vars("topics", List.of("TARIFFS"), "delegation", "Deputy USTR");
      case "finalise-agenda" -> vars("agenda", "Tariffs");
      case "record-session" -> vars("itemOutcomes", "Tariffs | AGREED", "outcomeForm", "SEPARATE_READOUTS", "anotherSession", false);
      case "approve-outcome" -> vars("approval", "APPROVE");
      case "record-endorsement" -> vars("endorsement", "ENDORSED");
      case "publish-readout" -> vars("readoutText", "Readout of the round", "publishedAt", now);
      case "draft-english-text" -> vars("textEn", StatementDriver.EN);
      case "draft-chinese-text" -> vars("textZh", StatementDriver.ZH);
      case "review-statement-text" -> vars("reviewDecision", "ACCEPT");
      case "schedule-release" -> vars("releaseAt", clock.instant().plus(1, ChronoUnit.DAYS).truncatedTo(ChronoUnit.SECONDS).toString());
      case "sign-off-statement" -> vars("signOff", "SIGN");
      case "agree-release-change" -> vars("changeDecision", "AGREE");
      case "confirm-implementation" -> vars("implementation", "Additional duties reduced from 34% to 10% for 90 days",
          "instrument", "Executive Order 14298", "effectiveAt", "2025-05-14T04:01:00Z");
      case "review-overdue-commitment" -> vars("overdueDecision", "KEEP_WAITING");
      case "review-period" -> vars("periodDecision", "LET_LAPSE");
      default -> throw new AssertionError("no valid answer for form " + formId + ": add one");
    };
  }

  // ---- forged values

  /** A value a forger would send for this name: a decision, an instant, another round's id, the other side. */
  private Object plausible(String name, Object current) {
    String n = name.toLowerCase(Locale.ROOT);
    String base = SIDE_SUFFIX.matcher(name).matches() ? name.substring(0, name.length() - 2) : name;
    for (String candidate : List.of(name, base)) {
      for (Form form : forms.values()) {
        Field field = form.fields().get(candidate);
        if (field != null && !field.options().isEmpty() && !field.type().equals("checklist")) {
          return field.options().stream().filter(o -> !o.equals(String.valueOf(current))).findFirst().orElse(field.options().get(0));
        }
      }
    }
    if (n.equals("roundid")) {
      return otherId("consultation_round", current);
    }
    if (n.equals("statementid")) {
      return otherId("statement", current);
    }
    if (n.equals("commitmentid")) {
      return otherId("commitment", current);
    }
    if (n.contains("secretariat") || n.contains("reviewers") || n.contains("coleads")) {
      return swapSide(current, n.contains("coleads") ? "cn-co-leads" : "cn-secretariat");
    }
    if (n.endsWith("side") || n.contains("host")) {
      return swapSide(current, "CN");
    }
    if (n.endsWith("window") || n.endsWith("cycle")) {
      return "PT1S";
    }
    if (n.contains("decision") || n.startsWith("reviewof")) {
      return "ACCEPT";
    }
    if (n.contains("approv")) {
      return "APPROVE";
    }
    if (current instanceof Boolean flag) {
      return String.valueOf(!flag);
    }
    if (n.startsWith("has") || n.startsWith("is") || n.endsWith("required") || n.endsWith("reached") || n.endsWith("byboth")
        || n.equals("urgent") || n.equals("cancelrelease") || n.equals("anothersession")) {
      return "true";
    }
    if (n.endsWith("date") || n.endsWith("at") || n.endsWith("start") || n.endsWith("end")) {
      return FORGED_INSTANT;
    }
    if (n.endsWith("id") || n.endsWith("ids")) {
      return otherId("consultation_round", current);
    }
    if (n.equals("initiator")) {
      return "cn-colead";
    }
    return String.valueOf(current).equals("ACCEPT") ? "APPROVE" : "ACCEPT";
  }

  /** For a read-only field of the task's form: a value of its type that differs from what the task shows. */
  private Object otherValue(Field field, Object current) {
    String shown = current == null ? null : current.toString();
    return switch (field.type()) {
      case "checkbox" -> !Boolean.parseBoolean(shown);
      case "checklist" -> Objects.equals(shown, "OTHER") || (shown != null && shown.contains("OTHER"))
          ? List.of("TRADE_DEFICIT") : List.of("OTHER");
      case "datetime" -> FORGED_INSTANT;
      case "select", "radio" -> field.options().stream().filter(o -> !o.equals(shown)).findFirst().orElse("FORGED");
      default -> {
        Object plausible = plausible(field.key(), current);
        yield plausible.toString().equals(shown) ? "Forged " + field.key() : plausible;
      }
    };
  }

  private String otherId(String table, Object current) {
    List<String> ids = jdbc.sql("select id from " + table + " order by created_at").query(String.class).list();
    return ids.stream().filter(id -> !id.equals(String.valueOf(current))).findFirst().orElse("R-2020-001");
  }

  private static String swapSide(Object current, String otherwise) {
    if (current instanceof String s) {
      if (s.startsWith("us-") || s.equals("US")) {
        return s.replaceFirst("^us", "cn").replaceFirst("^US", "CN");
      }
      if (s.startsWith("cn-") || s.equals("CN")) {
        return s.replaceFirst("^cn", "us").replaceFirst("^CN", "US");
      }
    }
    return otherwise;
  }

  // ---- who may complete a task

  /**
   * The candidate groups the model declares, each expression ({@code ${conveningSecretariat}},
   * {@code ${statementDecisions.releaseChangeReviewers(execution)}}) evaluated by the engine on the
   * task's execution, as the engine evaluates it when it creates the task.
   */
  private List<String> candidateGroups(ModelTask model, String taskId) {
    List<String> groups = new ArrayList<>();
    for (String part : model.candidateGroups().split(",(?![^{]*})")) {
      if (!part.contains("{")) {
        groups.add(part.strip());
        continue;
      }
      Object value = evaluate(part.strip(), taskId);
      if (value instanceof Collection<?> items) {
        items.forEach(item -> groups.add(item.toString()));
      } else if (value != null) {
        Stream.of(value.toString().split(",")).map(String::strip).forEach(groups::add);
      }
    }
    assertThat(groups).as("candidate groups of %s", model.key()).isNotEmpty();
    return groups;
  }

  private Object evaluate(String expression, String taskId) {
    ProcessEngineConfigurationImpl config = (ProcessEngineConfigurationImpl) engine.getProcessEngineConfiguration();
    return config.getCommandExecutorTxRequired().execute(context -> {
      TaskEntity task = context.getTaskManager().findTaskById(taskId);
      return config.getExpressionManager().createExpression(expression).getValue(task.getExecution());
    });
  }

  /** A member of a candidate group (not an administrator); of the counterpart side where a request names its side. */
  private String legitimateUser(List<String> groups, String taskId) {
    Object requestingSide = engine.getTaskService().getVariable(taskId, "requestingSide");
    List<String> users = new ArrayList<>();
    for (String group : new TreeSet<>(groups)) {
      engine.getIdentityService().createUserQuery().memberOfGroup(group).list().stream()
          .map(u -> u.getId())
          .filter(id -> engine.getIdentityService().createUserQuery().userId(id).memberOfGroup("camunda-admin").count() == 0)
          .forEach(users::add);
    }
    assertThat(users).as("members of %s", groups).isNotEmpty();
    if (requestingSide != null && users.size() > 1) {
      String requesting = requestingSide.toString().toLowerCase(Locale.ROOT) + "-";
      return users.stream().filter(u -> !u.startsWith(requesting)).findFirst().orElse(users.get(0));
    }
    return users.get(0);
  }

  // ---- opening tasks

  private Opened open(ModelTask model) {
    Deque<Opened> spare = spares.getOrDefault(model.key(), new ArrayDeque<>());
    while (!spare.isEmpty()) {
      Opened candidate = spare.poll();
      if (!tainted.contains(candidate.processInstanceId()) && isOpen(candidate.taskId())) {
        return candidate;
      }
    }
    Supplier<ProcessInstance> opener = openers().get(model.key());
    if (opener == null) {
      failures.add("UNREACHED: " + model.key() + ": no way to open this task here; add an opener");
      return null;
    }
    ProcessInstance instance;
    try {
      instance = opener.get();
    } catch (RuntimeException | AssertionError e) {
      failures.add("UNREACHED: " + model.key() + ": driving an instance to it failed: " + e);
      return null;
    }
    Opened opened = null;
    for (Task task : engine.getTaskService().createTaskQuery().processInstanceId(instance.getId()).list()) {
      if (task.getTaskDefinitionKey().equals(model.id()) && opened == null) {
        opened = new Opened(instance.getId(), task.getId());
      } else {
        spares.computeIfAbsent(model.process() + "/" + task.getTaskDefinitionKey(), k -> new ArrayDeque<>())
            .add(new Opened(instance.getId(), task.getId()));
      }
    }
    if (opened == null) {
      failures.add("UNREACHED: " + model.key() + ": the opener left no such task open");
    }
    return opened;
  }

  private boolean isOpen(String taskId) {
    return engine.getTaskService().createTaskQuery().taskId(taskId).count() == 1;
  }

  /** How each task is reached, by the steps people take (as the demo users) and the timers that fire. */
  private Map<String, Supplier<ProcessInstance>> openers() {
    String round = KEY + "/";
    String statement = "joint-statement/";
    String commitment = "commitment-tracking/";
    Map<String, Supplier<ProcessInstance>> openers = new HashMap<>();
    openers.put(round + TASK_ANSWER_AD_HOC_REQUEST, this::adHocRequest);
    openers.put(round + TASK_DECIDE_ESCALATED_REQUEST, () -> {
      ProcessInstance request = adHocRequest();
      driver.fireTimer(request, TIMER_RESPONSE_WINDOW);
      return request;
    });
    openers.put(round + TASK_PROPOSE_ARRANGEMENTS, () -> convened(false));
    openers.put(round + TASK_CONFIRM_ARRANGEMENTS, () -> arrangementsProposed(false));
    openers.put(round + TASK_PROPOSE_AGENDA_US, () -> arrangementsAgreed(false));
    openers.put(round + TASK_PROPOSE_AGENDA_CN, () -> arrangementsAgreed(false));
    openers.put(round + TASK_FINALISE_AGENDA, () -> agendasProposed(false));
    openers.put(round + TASK_RECORD_SESSION, () -> agendaFinalised(false));
    openers.put(round + TASK_APPROVE_OUTCOME_US, () -> sessionRecorded(false));
    openers.put(round + TASK_APPROVE_OUTCOME_CN, () -> sessionRecorded(false));
    openers.put(round + TASK_RECORD_ENDORSEMENT_US, () -> approved(true));
    openers.put(round + TASK_RECORD_ENDORSEMENT_CN, () -> approved(true));
    openers.put(round + TASK_PUBLISH_READOUT_US, () -> approved(false));
    openers.put(round + TASK_PUBLISH_READOUT_CN, () -> approved(false));
    openers.put(statement + "Task_DraftEnglishText", this::statementToDraft);
    openers.put(statement + "Task_DraftChineseText", this::statementToDraft);
    openers.put(statement + "Task_ReviewEnglishText", this::statementToReview);
    openers.put(statement + "Task_ReviewChineseText", this::statementToReview);
    openers.put(statement + "Task_ScheduleRelease", this::statementToSchedule);
    openers.put(statement + "Task_SignOffUS", this::statementToSign);
    openers.put(statement + "Task_SignOffCN", this::statementToSign);
    openers.put(statement + "Task_AgreeReleaseChange", this::releaseChangeProposed);
    openers.put(commitment + "Task_ConfirmImplementation", commitments::implementationToConfirm);
    openers.put(commitment + "Task_ReviewOverdueCommitment", commitments::overdueToReview);
    openers.put(commitment + "Task_ReviewPeriod", commitments::periodToReview);
    return openers;
  }

  private ProcessInstance adHocRequest() {
    return driver.request("us-secretary", vars("requestingSide", "US", "reason", "Forged-completion probe"));
  }

  private ProcessInstance convened(boolean leadersEndorsement) {
    Map<String, Object> start = RoundDriver.regularRound("PRINCIPAL");
    if (leadersEndorsement) {
      start.put("leadersEndorsementRequired", true);
    }
    return driver.convene("us-secretary", start);
  }

  private ProcessInstance arrangementsProposed(boolean leadersEndorsement) {
    ProcessInstance round = convened(leadersEndorsement);
    driver.complete(round, TASK_PROPOSE_ARRANGEMENTS, "us-secretary",
        vars("host", "US", "venue", "Washington", "startDate", START.toString(), "endDate", START.plusDays(1).toString()));
    return round;
  }

  private ProcessInstance arrangementsAgreed(boolean leadersEndorsement) {
    ProcessInstance round = arrangementsProposed(leadersEndorsement);
    driver.complete(round, TASK_CONFIRM_ARRANGEMENTS, "cn-secretary", vars("arrangementsDecision", "AGREE"));
    return round;
  }

  private ProcessInstance agendasProposed(boolean leadersEndorsement) {
    ProcessInstance round = arrangementsAgreed(leadersEndorsement);
    driver.complete(round, TASK_PROPOSE_AGENDA_US, "us-secretary", vars("topics", "TARIFFS", "delegation", "Deputy USTR"));
    driver.complete(round, TASK_PROPOSE_AGENDA_CN, "cn-secretary", vars("topics", "TARIFFS", "delegation", "Vice Minister"));
    driver.runJobs(round);
    return round;
  }

  private ProcessInstance agendaFinalised(boolean leadersEndorsement) {
    ProcessInstance round = agendasProposed(leadersEndorsement);
    driver.complete(round, TASK_FINALISE_AGENDA, "us-secretary", vars("agenda", "Tariffs"));
    return round;
  }

  private ProcessInstance sessionRecorded(boolean leadersEndorsement) {
    ProcessInstance round = agendaFinalised(leadersEndorsement);
    driver.complete(round, TASK_RECORD_SESSION, "us-secretary",
        vars("itemOutcomes", "Tariffs | AGREED", "outcomeForm", "SEPARATE_READOUTS", "anotherSession", false));
    return round;
  }

  private ProcessInstance approved(boolean leadersEndorsement) {
    ProcessInstance round = sessionRecorded(leadersEndorsement);
    driver.complete(round, TASK_APPROVE_OUTCOME_US, "us-colead", vars("approval", "APPROVE"));
    driver.complete(round, TASK_APPROVE_OUTCOME_CN, "cn-colead", vars("approval", "APPROVE"));
    driver.runJobs(round);
    return round;
  }

  private ProcessInstance statementToDraft() {
    ProcessInstance round = statements.roundAtItsJointStatement(r -> {
      driver.runJobs(r);
      return null;
    });
    return statements.statementOf(round);
  }

  private ProcessInstance statementToReview() {
    ProcessInstance statement = statementToDraft();
    statements.draft(statement, StatementDriver.EN, StatementDriver.ZH);
    return statement;
  }

  private ProcessInstance statementToSchedule() {
    ProcessInstance statement = statementToReview();
    statements.review(statement, "ACCEPT", "ACCEPT");
    return statement;
  }

  private ProcessInstance statementToSign() {
    ProcessInstance statement = statementToSchedule();
    statements.schedule(statement, "us-secretary", clock.instant().plus(1, ChronoUnit.DAYS));
    return statement;
  }

  /** Signed by both, then the Chinese secretariat proposes a later instant over our API: the U.S. secretariat must agree. */
  private ProcessInstance releaseChangeProposed() {
    ProcessInstance statement = statementToSign();
    statements.signOff(statement, "SIGN", "SIGN");
    String id = jdbc.sql("select id from statement where process_instance_id = :pi").param("pi", statement.getId())
        .query(String.class).single();
    HttpResponse<String> proposed = http.postJson("/api/v1/statements/" + id + "/release-change", "cn-secretary",
        "{\"releaseAt\":\"" + clock.instant().plus(3, ChronoUnit.DAYS).truncatedTo(ChronoUnit.SECONDS) + "\"}");
    assertThat(proposed.statusCode()).as("release change: %s", proposed.body()).isEqualTo(202);
    statements.runJobs(statement);
    return statement;
  }

  // ---- channels

  private HttpResponse<String> send(String channel, String taskId, String user, Map<String, Value> variables) {
    String body = body(variables);
    return switch (channel) {
      case COMPLETE -> http.postJson("/engine-rest/task/" + taskId + "/complete", user, body);
      case SUBMIT_FORM -> http.postJson("/engine-rest/task/" + taskId + "/submit-form", user, body);
      case TASKLIST -> tasklist.get(user).postJson(WebappSession.TASKLIST_API + "/task/" + taskId + "/submit-form", body);
      default -> throw new IllegalArgumentException(channel);
    };
  }

  private HttpResponse<String> start(String channel, String process, String user, Map<String, Value> variables) {
    String path = "/engine-rest/process-definition/key/" + process + (channel.equals(START_CHANNEL) ? "/start" : "/submit-form");
    return http.postJson(path, user, body(variables));
  }

  private String body(Map<String, Value> variables) {
    Map<String, Object> encoded = new LinkedHashMap<>();
    variables.forEach((name, v) -> {
      Map<String, Object> value = new LinkedHashMap<>();
      value.put("value", v.value());
      value.put("type", v.type());
      if (v.valueInfo() != null) {
        value.put("valueInfo", v.valueInfo());
      }
      encoded.put(name, value);
    });
    try {
      return json.writeValueAsString(Map.of("variables", encoded));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private String fieldOf(String body) {
    try {
      JsonNode node = json.readTree(body);
      return node != null && node.hasNonNull("field") ? node.get("field").asText() : null;
    } catch (IOException | RuntimeException e) {
      return null;
    }
  }

  private static String head(String body) {
    String flat = body == null ? "" : body.replaceAll("\\s+", " ");
    return flat.length() > 200 ? flat.substring(0, 200) + "…" : flat;
  }

  private static String kindName(String kind) {
    return switch (kind) {
      case "a" -> "a: foreign name";
      case "b" -> "b: other side's decision";
      default -> "c: wrong type";
    };
  }

  // ---- state

  private Snapshot snapshot(Opened opened) {
    Map<String, String> variables = new TreeMap<>();
    engine.getRuntimeService().getVariables(opened.processInstanceId())
        .forEach((name, value) -> variables.put(name, String.valueOf(value)));
    List<String> rows = new ArrayList<>();
    for (String table : ownTables) {
      String where = table.equals("audit_event") ? " where action not like '%\\_REFUSED' escape '\\'" : "";
      rows.addAll(jdbc.sql("select * from " + table + where).query((rs, n) -> {
        ResultSetMetaData meta = rs.getMetaData();
        StringBuilder row = new StringBuilder(table).append(':');
        for (int i = 1; i <= meta.getColumnCount(); i++) {
          row.append(' ').append(meta.getColumnLabel(i).toLowerCase(Locale.ROOT)).append('=').append(rs.getString(i));
        }
        return row.toString();
      }).list());
    }
    rows.sort(null);
    return new Snapshot(variables, rows);
  }

  private void compare(String task, Snapshot before, Snapshot after) {
    if (!before.variables().equals(after.variables())) {
      Set<String> changed = new TreeSet<>(before.variables().keySet());
      changed.addAll(after.variables().keySet());
      changed.removeIf(name -> Objects.equals(before.variables().get(name), after.variables().get(name)));
      List<String> shown = changed.stream().map(name -> name + ": " + head(before.variables().get(name)) + " -> "
          + head(after.variables().get(name))).toList();
      failures.add("VARIABLES CHANGED: by refused forgeries on " + task + ": " + shown);
    }
    if (!before.rows().equals(after.rows())) {
      List<String> gone = new ArrayList<>(before.rows());
      gone.removeAll(after.rows());
      List<String> added = new ArrayList<>(after.rows());
      added.removeAll(before.rows());
      failures.add("TABLES CHANGED: by refused forgeries on " + task + ": removed " + gone.stream().map(ForgedCompletionTest::head).toList()
          + ", added " + added.stream().map(ForgedCompletionTest::head).toList());
    }
  }

  /** The service's own tables, read from its Flyway migrations; idempotency keys left out (a refused request may keep its key). */
  private static List<String> ownTables() throws IOException {
    Set<String> tables = new TreeSet<>();
    try (Stream<Path> files = Files.list(MIGRATIONS)) {
      for (Path file : files.filter(f -> f.toString().endsWith(".sql")).sorted().toList()) {
        String sql = Files.readString(file);
        Matcher created = CREATE_TABLE.matcher(sql);
        while (created.find()) {
          tables.add(created.group(1).toLowerCase(Locale.ROOT));
        }
        Matcher dropped = DROP_TABLE.matcher(sql);
        while (dropped.find()) {
          tables.remove(dropped.group(1).toLowerCase(Locale.ROOT));
        }
      }
    }
    tables.removeIf(table -> table.contains("idempotency"));
    assertThat(tables).as("tables of %s", MIGRATIONS).contains("audit_event");
    return List.copyOf(tables);
  }

  // ---- reading the models

  private Map<String, Form> readForms() throws IOException {
    Map<String, Form> read = new TreeMap<>();
    try (Stream<Path> files = Files.list(FORMS)) {
      for (Path file : files.filter(f -> f.toString().endsWith(".form")).sorted().toList()) {
        JsonNode root = json.readTree(file.toFile());
        Map<String, Field> fields = new LinkedHashMap<>();
        collectFields(root.path("components"), fields);
        read.put(root.path("id").asText(), new Form(root.path("id").asText(), fields));
      }
    }
    return read;
  }

  private static void collectFields(JsonNode components, Map<String, Field> fields) {
    for (JsonNode component : components) {
      if (component.hasNonNull("key")) {
        List<String> options = new ArrayList<>();
        component.path("values").forEach(v -> options.add(v.path("value").asText()));
        fields.put(component.get("key").asText(), new Field(component.get("key").asText(), component.path("type").asText(),
            component.path("readonly").asBoolean(false), options));
      }
      collectFields(component.path("components"), fields);
    }
  }

  /** User tasks, start forms and every variable name of bpmn/*.bpmn (bpmn/bench/ is the benchmark's, never deployed). */
  private void readModels(List<ModelTask> tasks, List<String> startForms) throws IOException {
    List<Path> files;
    try (Stream<Path> list = Files.list(MODELS)) {
      files = list.filter(f -> f.toString().endsWith(".bpmn") && Files.isRegularFile(f)).sorted().toList();
    }
    for (Path file : files) {
      String xml = Files.readString(file);
      BpmnModelInstance model;
      try (InputStream in = Files.newInputStream(file)) {
        model = Bpmn.readModelFromStream(in);
      }
      for (UserTask task : model.getModelElementsByType(UserTask.class)) {
        tasks.add(new ModelTask(processOf(task), task.getId(), task.getCamundaCandidateGroups(),
            task.getAttributeValueNs(BpmnModelConstants.CAMUNDA_NS, "formRef")));
      }
      for (StartEvent start : model.getModelElementsByType(StartEvent.class)) {
        String formRef = start.getAttributeValueNs(BpmnModelConstants.CAMUNDA_NS, "formRef");
        if (formRef != null) {
          startForms.add(processOf(start));
          startFormByProcess.put(processOf(start), formRef);
        }
        if (start.getCamundaInitiator() != null) {
          modelNames.add(start.getCamundaInitiator());
        }
      }
      model.getModelElementsByType(CamundaInputParameter.class).forEach(p -> modelNames.add(p.getCamundaName()));
      model.getModelElementsByType(CamundaOutputParameter.class).forEach(p -> modelNames.add(p.getCamundaName()));
      for (CamundaIn in : model.getModelElementsByType(CamundaIn.class)) {
        Stream.of(in.getCamundaSource(), in.getCamundaTarget()).filter(Objects::nonNull).forEach(modelNames::add);
      }
      for (CamundaOut out : model.getModelElementsByType(CamundaOut.class)) {
        Stream.of(out.getCamundaSource(), out.getCamundaTarget()).filter(Objects::nonNull).forEach(modelNames::add);
      }
      for (MultiInstanceLoopCharacteristics loop : model.getModelElementsByType(MultiInstanceLoopCharacteristics.class)) {
        if (loop.getCamundaElementVariable() != null) {
          modelNames.add(loop.getCamundaElementVariable());
        }
        if (loop.getCamundaCollection() != null && !loop.getCamundaCollection().contains("{")) {
          modelNames.add(loop.getCamundaCollection());
        }
      }
      // Conditions, timers, candidate groups, collections, listeners' arguments: every ${...} and #{...}.
      Matcher expression = EXPRESSION.matcher(xml.replace("&amp;", "&").replace("&gt;", ">").replace("&lt;", "<"));
      while (expression.find()) {
        String body = expression.group(1);
        Matcher named = GET_VARIABLE.matcher(body);
        while (named.find()) {
          modelNames.add(named.group(1));
        }
        Matcher identifier = IDENTIFIER.matcher(QUOTED.matcher(body).replaceAll("''"));
        while (identifier.find()) {
          String name = identifier.group(1);
          if (!NOT_VARIABLES.contains(name) && !context.containsBean(name)) {
            modelNames.add(name);
          }
        }
      }
    }
    modelNames.removeIf(Objects::isNull);
  }

  private static String processOf(ModelElementInstance element) {
    ModelElementInstance parent = element.getParentElement();
    while (!(parent instanceof Process)) {
      parent = parent.getParentElement();
    }
    return ((Process) parent).getId();
  }
}
