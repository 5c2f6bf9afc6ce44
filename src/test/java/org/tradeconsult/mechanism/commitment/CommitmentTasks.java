package org.tradeconsult.mechanism.commitment;

import static org.tradeconsult.mechanism.commitment.CommitmentDriver.TODAY;
import static org.tradeconsult.mechanism.commitment.CommitmentProcess.TASK_CONFIRM_IMPLEMENTATION;
import static org.tradeconsult.mechanism.commitment.CommitmentProcess.TIMER_DUE_DATE;
import static org.tradeconsult.mechanism.commitment.CommitmentProcess.TIMER_PERIOD_REVIEW_DATE;
import static org.tradeconsult.mechanism.commitment.CommitmentProcess.TIMER_REMINDER_DATE;

import java.time.LocalDate;
import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.tradeconsult.mechanism.support.RoundDriver;

/**
 * Opens each user task of {@code commitment-tracking} for tests outside this package, the way the
 * follow-up gets there: a U.S. commitment agreed by a round, then its timers (reminder date, due
 * date, period review date) fired as the job executor fires them.
 */
public final class CommitmentTasks {

  private static final String ACTION = "Suspend the additional ad valorem duties for 90 days";

  private final CommitmentDriver driver;

  public CommitmentTasks(ProcessEngine engine, CommitmentService commitments, JdbcClient jdbc) {
    this.driver = new CommitmentDriver(engine, commitments, jdbc);
  }

  /** {@code Task_ConfirmImplementation} open: due in 10 days, its reminder date reached. */
  public ProcessInstance implementationToConfirm() {
    ProcessInstance instance = driver.follow("US", ACTION, TODAY.plusDays(10), null, null);
    driver.fireTimer(instance, TIMER_REMINDER_DATE);
    return instance;
  }

  /** {@code Task_ReviewOverdueCommitment} open (and the confirmation still): its due date passed. */
  public ProcessInstance overdueToReview() {
    ProcessInstance instance = driver.follow("US", ACTION, TODAY.plusDays(1), null, null);
    driver.fireTimer(instance, TIMER_REMINDER_DATE);
    driver.fireTimer(instance, TIMER_DUE_DATE);
    return instance;
  }

  /** {@code Task_ReviewPeriod} open: implemented by the U.S. secretariat, 30 days before its period ends. */
  public ProcessInstance periodToReview() {
    LocalDate due = TODAY.plusDays(2);
    ProcessInstance instance = driver.follow("US", ACTION, due, due, due.plusDays(89));
    driver.fireTimer(instance, TIMER_REMINDER_DATE);
    driver.complete(instance, TASK_CONFIRM_IMPLEMENTATION, "us-secretary", RoundDriver.vars(
        "implementation", "Additional duties reduced from 34% to 10% for 90 days",
        "instrument", "Executive Order 14298", "effectiveAt", due + "T04:01:00Z"));
    driver.fireTimer(instance, TIMER_PERIOD_REVIEW_DATE);
    return instance;
  }
}
