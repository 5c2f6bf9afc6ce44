package org.tradeconsult.mechanism.round;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.camunda.bpm.engine.HistoryService;
import org.camunda.bpm.engine.history.HistoricVariableInstance;
import org.camunda.bpm.engine.variable.value.SerializableValue;
import org.camunda.bpm.engine.variable.value.TypedValue;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.util.MultiValueMap;
import org.tradeconsult.mechanism.audit.AuditLog;
import org.tradeconsult.mechanism.identity.CurrentUserService;
import org.tradeconsult.mechanism.identity.Role;
import org.tradeconsult.mechanism.identity.Side;
import org.tradeconsult.mechanism.statement.StatementService;
import org.tradeconsult.mechanism.statement.StatementStatus;
import org.tradeconsult.mechanism.validation.Inputs;

/**
 * What the API shows of rounds: pages of them, one with everything about it, the upcoming ones.
 * Reads our tables; only the agenda comes from the engine's history, read with the service's own
 * rights because co-leads, who may follow a round, have no right to read engine history.
 */
@Service
public class RoundQueryService {

  public static final String API_PATH = "/api/v1/rounds/";
  public static final String COCKPIT_INSTANCE = "/camunda/app/cockpit/default/#/process-instance/";
  public static final String TASKLIST = "/camunda/app/tasklist/default/#/";

  // subject types of the audit trail, as RoundService, StatementService and CommitmentService record them
  static final String AUDIT_ROUND = "round";
  static final String AUDIT_STATEMENT = "statement";
  static final String AUDIT_COMMITMENT = "commitment";

  private static final String AGENDA_ITEMS = RoundVariables.AGENDA_ITEMS;
  private static final String DELEGATION = RoundVariables.DELEGATION;

  private final StatementService statements;
  private final RoundService rounds;
  private final RoundQueryRepository queries;
  private final HistoryService historyService;
  private final CurrentUserService users;
  private final ObjectMapper objectMapper;
  private final AuditLog auditLog;
  private final Clock clock;
  private final TransactionTemplate snapshot;

  RoundQueryService(
      StatementService statements,
      RoundService rounds,
      RoundQueryRepository queries,
      HistoryService historyService,
      CurrentUserService users,
      ObjectMapper objectMapper,
      AuditLog auditLog,
      Clock clock,
      PlatformTransactionManager transactionManager) {
    this.statements = statements;
    this.rounds = rounds;
    this.queries = queries;
    this.historyService = historyService;
    this.users = users;
    this.objectMapper = objectMapper;
    this.auditLog = auditLog;
    this.clock = clock;
    // The page and the total from one snapshot, so that they agree while rounds are being started.
    this.snapshot = new TransactionTemplate(transactionManager);
    this.snapshot.setReadOnly(true);
    this.snapshot.setIsolationLevel(TransactionDefinition.ISOLATION_REPEATABLE_READ);
  }

  /** One page of the rounds that match the query parameters of {@code GET /api/v1/rounds}. */
  RoundPage search(MultiValueMap<String, String> parameters) {
    RoundSearch search = RoundSearch.parse(parameters);
    return snapshot.execute(status -> new RoundPage(
        queries.search(search).stream().map(RoundSummary::of).toList(), search.page(), search.size(), queries.count(search)));
  }

  RoundDetails details(String roundId) {
    Round round = rounds.find(roundId).orElseThrow(() -> new RoundNotFoundException(roundId));
    List<RoundDetails.OpenTask> tasks =
        queries.openTasks(roundId).stream()
            .map(t -> new RoundDetails.OpenTask(t.taskId(), t.activityId(), t.taskName(), RoundSummary.sides(t.sides()),
                t.role(), t.createdAt(), TASKLIST + "?task=" + t.taskId()))
            .toList();
    return new RoundDetails(
        RoundSummary.of(round),
        rounds.statusHistory(roundId),
        new RoundDetails.Awaited(RoundSummary.sides(round.awaitedSides()), tasks),
        agenda(round.processInstanceId()),
        new RoundDetails.Outcome(round.outcomeForm(), round.sessionCount(), round.rejectionCount(),
            queries.sessions(roundId), queries.readouts(roundId, clock.instant())),
        rounds.commitments(roundId),
        statementOf(roundId),
        round.processInstanceId(),
        new RoundDetails.Links(API_PATH + roundId, COCKPIT_INSTANCE + round.processInstanceId(), tasklistSearch(roundId)));
  }

  /**
   * The round's joint statement as anyone following the round may see it: its state and release
   * instant, and the digest and public link once released. Never the texts, which are embargoed
   * until then and public at the link afterwards.
   */
  private RoundDetails.StatementRef statementOf(String roundId) {
    return statements.findByRound(roundId)
        .map(s -> {
          boolean released = s.status() == StatementStatus.RELEASED;
          return new RoundDetails.StatementRef(s.id(), s.status().name(), s.releaseAt(), s.releasedAt(),
              released ? s.digest() : null, released ? "/api/v1/statements/" + s.id() : null);
        })
        .orElse(null);
  }

  /**
   * The audit trail of a round: its own events and those of its joint statement and commitments,
   * oldest first. Whoever may read the round may read it; the details of statement events only
   * the secretariats and co-leads.
   */
  AuditTrail audit(String roundId, int page, int size) {
    rounds.find(roundId).orElseThrow(() -> new RoundNotFoundException(roundId));
    Map<String, List<String>> subjects = new LinkedHashMap<>();
    subjects.put(AUDIT_ROUND, List.of(roundId));
    statements.findByRound(roundId).ifPresent(s -> subjects.put(AUDIT_STATEMENT, List.of(s.id())));
    subjects.put(AUDIT_COMMITMENT, rounds.commitments(roundId).stream().map(Commitment::id).toList());
    Set<Role> roles = users.describe(users.currentActor()).roles();
    boolean seesStatementDetails = roles.contains(Role.SECRETARIAT) || roles.contains(Role.CO_LEAD);
    List<AuditTrail.Entry> entries = auditLog.eventsAbout(subjects, (long) page * size, size).stream()
        .map(e -> new AuditTrail.Entry(e.id(), e.occurredAt(), e.actor(), e.action(), e.subjectType(), e.subjectId(),
            AUDIT_STATEMENT.equals(e.subjectType()) && !seesStatementDetails ? null : e.details()))
        .toList();
    return new AuditTrail(roundId, entries, page, size, auditLog.countAbout(subjects));
  }

  /** Rounds that start today or later and have not ended: the calendar feed. */
  List<Round> upcoming() {
    return queries.upcoming(rounds.today());
  }

  /** The start's topics, each side's proposal and the final agenda, from the process's variables (running or ended). */
  private RoundDetails.Agenda agenda(String processInstanceId) {
    List<String> names = new ArrayList<>(List.of(RoundVariables.TOPICS, RoundVariables.AGENDA));
    for (Side side : Side.values()) {
      names.addAll(List.of(RoundVariables.TOPICS + side, AGENDA_ITEMS + side, DELEGATION + side));
    }
    Map<String, Object> values = new HashMap<>();
    users.asService(() -> historyService.createHistoricVariableInstanceQuery()
            .processInstanceId(processInstanceId)
            .variableNameIn(names.toArray(String[]::new))
            .disableCustomObjectDeserialization()
            .list())
        .stream()
        // The agenda tasks have local variables of the same names; only the process's own count.
        .filter(v -> processInstanceId.equals(v.getActivityInstanceId()))
        .forEach(v -> values.put(v.getName(), plain(v)));
    Inputs in = Inputs.of(values);
    List<RoundDetails.Proposal> proposals = new ArrayList<>();
    for (Side side : Side.values()) {
      if (values.containsKey(RoundVariables.TOPICS + side) || values.containsKey(DELEGATION + side)) {
        proposals.add(new RoundDetails.Proposal(side.name(), in.stringList(RoundVariables.TOPICS + side),
            text(values.get(AGENDA_ITEMS + side)), text(values.get(DELEGATION + side))));
      }
    }
    return new RoundDetails.Agenda(in.stringList(RoundVariables.TOPICS), proposals, text(values.get(RoundVariables.AGENDA)));
  }

  /** A variable's value as plain Java: JSON lists and texts are read without the classes they were written with. */
  private Object plain(HistoricVariableInstance variable) {
    TypedValue value = variable.getTypedValue();
    if (value instanceof SerializableValue serialized && !serialized.isDeserialized()) {
      String json = serialized.getValueSerialized();
      try {
        return json == null ? null : objectMapper.readValue(json, Object.class);
      } catch (JsonProcessingException e) {
        return null;
      }
    }
    return value == null ? null : value.getValue();
  }

  private static String text(Object value) {
    return value == null ? null : value.toString();
  }

  /** Tasklist, searching the round's tasks by business key. */
  public static String tasklistSearch(String roundId) {
    String query = "[{\"type\":\"processInstanceBusinessKey\",\"operator\":\"eq\",\"value\":\"" + roundId + "\",\"name\":\"\"}]";
    return TASKLIST + "?searchQuery=" + URLEncoder.encode(query, StandardCharsets.UTF_8);
  }

}
