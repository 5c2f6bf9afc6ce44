package org.tradeconsult.mechanism.dashboard;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.camunda.bpm.engine.RepositoryService;
import org.camunda.bpm.model.xml.instance.ModelElementInstance;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;
import org.tradeconsult.mechanism.commitment.CommitmentStatus;
import org.tradeconsult.mechanism.identity.CurrentUserService;
import org.tradeconsult.mechanism.round.RoundLevel;
import org.tradeconsult.mechanism.round.RoundQueryService;
import org.tradeconsult.mechanism.round.RoundStatus;
import org.tradeconsult.mechanism.dashboard.Dashboard.ActiveRound;
import org.tradeconsult.mechanism.dashboard.Dashboard.CommitmentItem;
import org.tradeconsult.mechanism.dashboard.Dashboard.Deadline;
import org.tradeconsult.mechanism.dashboard.Dashboard.EndedRound;
import org.tradeconsult.mechanism.dashboard.Dashboard.Links;
import org.tradeconsult.mechanism.dashboard.Dashboard.UpcomingRelease;
import org.tradeconsult.mechanism.dashboard.Dashboard.Waiting;

/** Puts the status board together, in one read-only snapshot of our tables. */
@Service
class DashboardService {

  static final int MAX_ACTIVE = 100;
  static final int MAX_LISTED = 20;
  static final int RECENTLY_ENDED = 10;
  static final int DUE_SOON_DAYS = 30;

  private static final List<String> FOLLOWED_COMMITMENTS = List.of(CommitmentStatus.PENDING.name(), CommitmentStatus.DUE_SOON.name());
  private static final List<String> RUNNING_PERIODS = List.of(CommitmentStatus.IN_PERIOD.name(), CommitmentStatus.PERIOD_ENDING.name());

  private final DashboardRepository repository;
  private final StatusCounts counts;
  private final RepositoryService repositoryService;
  private final CurrentUserService users;
  private final Clock clock;
  private final TransactionTemplate snapshot;
  private final Map<String, String> elementNames = new ConcurrentHashMap<>();

  DashboardService(
      DashboardRepository repository,
      StatusCounts counts,
      RepositoryService repositoryService,
      CurrentUserService users,
      Clock clock,
      PlatformTransactionManager transactionManager) {
    this.repository = repository;
    this.counts = counts;
    this.repositoryService = repositoryService;
    this.users = users;
    this.clock = clock;
    this.snapshot = new TransactionTemplate(transactionManager);
    snapshot.setReadOnly(true);
    // Counts and lists from one snapshot, so that they agree with each other.
    snapshot.setIsolationLevel(TransactionDefinition.ISOLATION_REPEATABLE_READ);
  }

  Dashboard read() {
    return snapshot.execute(status -> build(clock.instant()));
  }

  private Dashboard build(Instant now) {
    LocalDate today = LocalDate.ofInstant(now, ZoneOffset.UTC);
    Map<String, Long> byStatus = zeroed(Arrays.stream(RoundStatus.values()).map(Enum::name).toList());
    Map<String, Long> activeByLevel = zeroed(Arrays.stream(RoundLevel.values()).map(Enum::name).toList());
    long activeTotal = 0;
    for (Map.Entry<String, Long> count : counts.rounds().entrySet()) {
      String status = count.getKey().substring(0, count.getKey().indexOf('/'));
      byStatus.merge(status, count.getValue(), Long::sum);
      if (StatusCounts.ACTIVE_ROUNDS.contains(status)) {
        activeByLevel.merge(count.getKey().substring(status.length() + 1), count.getValue(), Long::sum);
        activeTotal += count.getValue();
      }
    }
    Map<String, Long> commitmentsByStatus = zeroed(Arrays.stream(CommitmentStatus.values()).map(Enum::name).toList());
    counts.commitments().forEach((status, n) -> commitmentsByStatus.merge(status, n, Long::sum));

    return new Dashboard(
        now,
        byStatus,
        activeByLevel,
        activeTotal,
        activeRounds(now),
        repository.recentlyEnded(RECENTLY_ENDED).stream()
            .map(r -> new EndedRound(r.id(), r.title(), r.level(), r.roundType(), r.status(), r.outcomeForm(), r.endedAt(),
                links(r.id(), r.processInstanceId())))
            .toList(),
        waiting(now),
        repository.upcomingReleases(now, MAX_LISTED).stream()
            .map(r -> new UpcomingRelease(r.id(), r.roundId(), r.title(), r.releaseAt(), r.status()))
            .toList(),
        new Dashboard.Commitments(
            commitmentsByStatus,
            items(repository.commitments(FOLLOWED_COMMITMENTS, today.plusDays(DUE_SOON_DAYS), MAX_LISTED)),
            items(repository.commitments(List.of(CommitmentStatus.OVERDUE.name()), LocalDate.MAX, MAX_LISTED)),
            items(repository.runningPeriods(RUNNING_PERIODS, MAX_LISTED))));
  }

  private List<ActiveRound> activeRounds(Instant now) {
    List<DashboardRepository.ActiveRow> rows = repository.active(StatusCounts.ACTIVE_ROUNDS, MAX_ACTIVE);
    Map<String, List<DashboardRepository.OpenTaskRow>> tasks = repository.openTasks(rows.stream().map(DashboardRepository.ActiveRow::id).toList())
        .stream().collect(Collectors.groupingBy(DashboardRepository.OpenTaskRow::roundId));
    Map<String, Deadline> timers = nextTimers(rows.stream().map(DashboardRepository.ActiveRow::processInstanceId).toList());
    return rows.stream().map(row -> {
      List<DashboardRepository.OpenTaskRow> open = tasks.getOrDefault(row.id(), List.of());
      return new ActiveRound(
          row.id(), row.title(), row.level(), row.roundType(), row.conveningSide(),
          row.host() != null ? row.host() : row.requestedHost(), row.venue(), row.startDate(), row.endDate(),
          row.status(), row.statusSince(),
          Math.max(0, Duration.between(row.statusSince().toInstant(), now).toDays()),
          open.stream().flatMap(t -> t.sides() == null ? java.util.stream.Stream.empty() : Arrays.stream(t.sides().split(",")))
              .distinct().sorted().toList(),
          open.stream().map(DashboardRepository.OpenTaskRow::taskName).distinct().toList(),
          nextDeadline(row, timers.get(row.processInstanceId()), now),
          links(row.id(), row.processInstanceId()));
    }).toList();
  }

  /** The earliest of the round's pending timers and, while it is being prepared, its first day. */
  private static Deadline nextDeadline(DashboardRepository.ActiveRow row, Deadline timer, Instant now) {
    Instant first = row.startDate() == null ? null : row.startDate().atStartOfDay(ZoneOffset.UTC).toInstant();
    if (first == null || !RoundStatus.PREPARING.name().equals(row.status()) || !first.isAfter(now)) {
      return timer;
    }
    return timer != null && timer.at().isBefore(first) ? timer : new Deadline(first, "Round opens / 磋商开始");
  }

  private Map<String, Deadline> nextTimers(List<String> processInstanceIds) {
    return repository.pendingTimers(processInstanceIds).stream()
        .collect(Collectors.toMap(
            DashboardRepository.TimerRow::rootProcessInstanceId,
            t -> new Deadline(t.due(), elementName(t.processDefinitionId(), t.activityId())),
            (a, b) -> a.at().isBefore(b.at()) ? a : b));
  }

  /** The timer's name in the model, e.g. "Response window ends"; its id when it has none. */
  private String elementName(String processDefinitionId, String activityId) {
    if (activityId == null) {
      return "Timer";
    }
    return elementNames.computeIfAbsent(processDefinitionId + "#" + activityId, key -> users.asService(() -> {
      ModelElementInstance element = repositoryService.getBpmnModelInstance(processDefinitionId).getModelElementById(activityId);
      String name = element == null ? null : element.getAttributeValue("name");
      return name == null || name.isBlank() ? activityId : name.replace('\n', ' ');
    }));
  }

  private List<Waiting> waiting(Instant now) {
    List<Waiting> waiting = new ArrayList<>();
    for (DashboardRepository.OldestRow row : repository.openTasksBySidesAndRole()) {
      DashboardRepository.OldestTaskRow oldest = repository.oldestTask(row.sides(), row.role());
      if (oldest == null) {
        continue;
      }
      waiting.add(new Waiting(
          row.sides(), row.role(), row.openTasks(), row.oldestSince(),
          Math.max(0, Duration.between(row.oldestSince().toInstant(), now).toDays()),
          oldest.roundId(), oldest.title(), oldest.taskName()));
    }
    waiting.sort(Comparator.comparing(Waiting::oldestSince));
    return waiting;
  }

  private static List<CommitmentItem> items(List<DashboardRepository.CommitmentRow> rows) {
    return rows.stream()
        .map(r -> new CommitmentItem(r.id(), r.roundId(), r.ownerSide(), r.action(), r.dueDate(), r.periodStart(), r.periodEnd(), r.status()))
        .toList();
  }

  static Links links(String roundId, String processInstanceId) {
    return new Links(
        RoundQueryService.API_PATH + roundId,
        RoundQueryService.tasklistSearch(roundId),
        RoundQueryService.COCKPIT_INSTANCE + processInstanceId);
  }

  private static Map<String, Long> zeroed(List<String> keys) {
    return keys.stream().collect(Collectors.toMap(Function.identity(), k -> 0L, (a, b) -> a, LinkedHashMap::new));
  }
}
