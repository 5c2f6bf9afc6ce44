package org.tradeconsult.mechanism.system;

import java.net.ConnectException;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.util.IdentityHashMap;
import java.util.Map;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.jdbc.CannotGetJdbcConnectionException;
import org.springframework.transaction.CannotCreateTransactionException;
import org.springframework.transaction.TransactionSystemException;

/**
 * Tells a failure to reach the database apart from every other failure. Such a failure is
 * temporary and not the caller's fault: the API answers {@code 503} with {@code Retry-After}
 * (problem type {@code database-unavailable}), never 500, and nothing of the request was kept,
 * because the transaction it ran in could not commit.
 *
 * <p>Recognised anywhere in the cause chain (the engine wraps MyBatis, which wraps JDBC):
 * Spring's {@link CannotGetJdbcConnectionException} and {@link CannotCreateTransactionException},
 * {@link DataAccessResourceFailureException}, Hikari's pool timeout ({@link
 * SQLTransientConnectionException}), a refused TCP connection, and PostgreSQL's SQLSTATE class
 * 08 (connection exception) and 57P01–57P03 (server shutting down or starting up), Hikari's
 * "Connection is closed", and a failed rollback whose original failure is one of these.
 */
public final class DatabaseUnavailable {

  /** Seconds a client should wait before it retries; the pool gives up after 5 s (application-postgres.yaml). */
  public static final int RETRY_AFTER_SECONDS = 5;

  /** Hikari's answer (without an SQLSTATE) when a pooled connection is used after the server cut it off. */
  private static final String CLOSED = "Connection is closed";

  private DatabaseUnavailable() {}

  public static boolean isCause(Throwable failure) {
    Map<Throwable, Boolean> seen = new IdentityHashMap<>();
    for (Throwable t = failure; t != null && seen.put(t, Boolean.TRUE) == null; t = next(t)) {
      if (t instanceof CannotGetJdbcConnectionException
          || t instanceof CannotCreateTransactionException
          || t instanceof DataAccessResourceFailureException
          || t instanceof SQLTransientConnectionException
          || t instanceof ConnectException) {
        return true;
      }
      if (t instanceof SQLException sql && (connectionState(sql.getSQLState()) || CLOSED.equals(sql.getMessage()))) {
        return true;
      }
      // the rollback after a lost connection fails too; what failed first is kept aside
      if (t instanceof TransactionSystemException rollback && rollback.getOriginalException() != null
          && isCause(rollback.getOriginalException())) {
        return true;
      }
    }
    return false;
  }

  private static Throwable next(Throwable t) {
    if (t.getCause() != null) {
      return t.getCause();
    }
    return t instanceof SQLException sql ? sql.getNextException() : null;
  }

  private static boolean connectionState(String state) {
    return state != null && (state.startsWith("08") || state.equals("57P01") || state.equals("57P02") || state.equals("57P03"));
  }
}
