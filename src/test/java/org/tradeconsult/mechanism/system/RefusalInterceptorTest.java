package org.tradeconsult.mechanism.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.BatchUpdateException;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import org.camunda.bpm.engine.AuthorizationException;
import org.camunda.bpm.engine.authorization.MissingAuthorization;
import org.camunda.bpm.engine.exception.NotFoundException;
import org.camunda.bpm.engine.impl.interceptor.Command;
import org.camunda.bpm.engine.impl.interceptor.CommandInterceptor;

import org.apache.ibatis.exceptions.PersistenceException;
import org.camunda.bpm.engine.OptimisticLockingException;
import org.camunda.bpm.engine.ProcessEngineException;
import org.camunda.bpm.engine.ProcessEnginePersistenceException;
import org.camunda.bpm.engine.impl.cmd.CompleteTaskCmd;
import org.junit.jupiter.api.Test;

/** How failures under an engine command that are really concurrent changes are answered. */
class RefusalInterceptorTest {

  @Test
  void anEngineFailingOnAnExecutionEndedConcurrentlyIsAConflictToRetry() {
    NullPointerException insideTheEngine = failureAt("org.camunda.bpm.engine.impl.persistence.entity.ExecutionEntity");

    RuntimeException answer = RefusalInterceptor.concurrentEnd(new CompleteTaskCmd("task-1", null), insideTheEngine);

    assertThat(answer).isInstanceOf(OptimisticLockingException.class).hasCause(insideTheEngine)
        .hasMessageContaining("CompleteTaskCmd").hasMessageContaining("retry");
  }

  @Test
  void aNullPointerExceptionOfOurOwnCodeStaysTheFaultItIs() {
    NullPointerException ours = failureAt("org.tradeconsult.mechanism.round.RoundService");

    assertThat(RefusalInterceptor.concurrentEnd(new CompleteTaskCmd("task-1", null), ours)).isSameAs(ours);
  }

  @Test
  void aRefusalOnATaskThatNoLongerExistsIsATaskGoneAndNotRecordedAsARefusal() {
    List<AuthorizationException> recorded = new ArrayList<>();
    RefusalInterceptor interceptor = new RefusalInterceptor(recorded::add);
    interceptor.setNext(engineWhere("task-1", false));

    assertThatThrownBy(() -> interceptor.execute(new CompleteTaskCmd("task-1", null)))
        .isInstanceOf(NotFoundException.class).hasMessageContaining("task-1");
    assertThat(recorded).isEmpty();
  }

  @Test
  void aRefusalOnATaskThatStillExistsIsARefusalOnRecord() {
    List<AuthorizationException> recorded = new ArrayList<>();
    RefusalInterceptor interceptor = new RefusalInterceptor(recorded::add);
    interceptor.setNext(engineWhere("task-1", true));

    assertThatThrownBy(() -> interceptor.execute(new CompleteTaskCmd("task-1", null))).isInstanceOf(AuthorizationException.class);
    assertThat(recorded).hasSize(1);
  }

  @Test
  void anEngineFlushRefusedForAForeignKeyAConcurrentTransactionJustCreatedIsAConflictToRetry() {
    // as PostgreSQL answered a cancellation deleting an execution a concurrent approval had just given a variable
    SQLException refused = new SQLException("ERROR: update or delete on table \"act_ru_execution\" violates foreign key"
        + " constraint \"act_fk_var_exe\"\n  Detail: Key is still referenced", "23503");
    BatchUpdateException batch = new BatchUpdateException("Batch entry 2 delete from ACT_RU_EXECUTION was aborted: ERROR: update or"
        + " delete on table \"act_ru_execution\" violates foreign key constraint \"act_fk_var_exe\"\n  Detail: Key is still referenced",
        "23503", new int[0]);
    batch.setNextException(refused);
    ProcessEngineException flush = flushFailure(batch);

    OptimisticLockingException answer = RefusalInterceptor.concurrentWrite(new CompleteTaskCmd("task-1", null), flush);

    assertThat(answer).isNotNull().hasCause(flush).hasMessageContaining("23503").hasMessageContaining("act_fk_var_exe")
        .hasMessageNotContaining("Detail").hasMessageContaining("retry");
    assertThatThrownBy(() -> interceptorFailingWith(flush).execute(new CompleteTaskCmd("task-1", null)))
        .isInstanceOf(OptimisticLockingException.class).hasCause(flush);
  }

  @Test
  void aDeadlockOrSerializationFailureAnywhereUnderACommandIsAConflictToRetry() {
    for (String state : List.of("40P01", "40001")) {
      ProcessEngineException inAListener = new ProcessEngineException("Exception while invoking TaskListener",
          new RuntimeException("PreparedStatementCallback", new SQLException("ERROR: deadlock detected", state)));

      assertThat(RefusalInterceptor.concurrentWrite(new CompleteTaskCmd("task-1", null), inAListener)).as(state)
          .isNotNull().hasMessageContaining(state);
    }
  }

  @Test
  void otherDatabaseFailuresStayTheFaultsTheyAre() {
    ProcessEngineException valueTooLong = flushFailure(new SQLException("ERROR: value too long", "22001"));
    ProcessEngineException foreignKeyOfOurOwnListener = new ProcessEngineException("Exception while invoking TaskListener",
        new RuntimeException("DataIntegrityViolation", new SQLException("ERROR: violates foreign key", "23503")));
    OptimisticLockingException alreadyAConflict = new OptimisticLockingException("rev changed");
    // a connection the database closed (an outage) carries no SQL state at all
    ProcessEngineException connectionLost = flushFailure(new SQLException("An I/O error occurred while sending to the backend."));

    assertThat(RefusalInterceptor.concurrentWrite(new CompleteTaskCmd("task-1", null), valueTooLong)).isNull();
    assertThat(RefusalInterceptor.concurrentWrite(new CompleteTaskCmd("task-1", null), foreignKeyOfOurOwnListener)).isNull();
    assertThat(RefusalInterceptor.concurrentWrite(new CompleteTaskCmd("task-1", null), alreadyAConflict)).isNull();
    assertThat(RefusalInterceptor.concurrentWrite(new CompleteTaskCmd("task-1", null), connectionLost)).isNull();
    assertThatThrownBy(() -> interceptorFailingWith(valueTooLong).execute(new CompleteTaskCmd("task-1", null))).isSameAs(valueTooLong);
  }

  /** The engine's failure when the database refuses the statements it flushes at the end of a command. */
  private static ProcessEngineException flushFailure(SQLException cause) {
    return new ProcessEnginePersistenceException("An exception occurred in the persistence layer",
        new ProcessEngineException("ENGINE-03004 Exception while executing Database Operation",
            new PersistenceException("### Error flushing statements", cause)));
  }

  private static RefusalInterceptor interceptorFailingWith(RuntimeException failure) {
    RefusalInterceptor interceptor = new RefusalInterceptor(refusal -> { });
    interceptor.setNext(new CommandInterceptor() {
      @Override
      public <T> T execute(Command<T> command) {
        throw failure;
      }
    });
    return interceptor;
  }

  /** An engine that refuses to complete the task and answers whether it still exists. */
  private static CommandInterceptor engineWhere(String taskId, boolean taskExists) {
    return new CommandInterceptor() {
      @Override
      @SuppressWarnings("unchecked")
      public <T> T execute(Command<T> command) {
        if (command instanceof RefusalInterceptor.TaskExists exists) {
          assertThat(exists.taskId()).isEqualTo(taskId);
          return (T) Boolean.valueOf(taskExists);
        }
        throw new AuthorizationException("cn-colead", new MissingAuthorization("TASK_WORK", "Task", taskId));
      }
    };
  }

  private static NullPointerException failureAt(String className) {
    NullPointerException e = new NullPointerException("no execution");
    e.setStackTrace(new StackTraceElement[] {new StackTraceElement(className, "run", className + ".java", 1)});
    return e;
  }
}
