package org.tradeconsult.mechanism.support;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Reads a test database from the test JVM (plain JDBC), to check what a service process kept. */
public final class Sql {

  private final TestDatabase database;

  public Sql(TestDatabase database) {
    this.database = database;
  }

  public long count(String sql, Object... parameters) {
    List<String> values = strings(sql, parameters);
    return values.isEmpty() || values.get(0) == null ? 0L : Long.parseLong(values.get(0));
  }

  /** The first column of every row, as text. */
  public List<String> strings(String sql, Object... parameters) {
    List<String> values = new ArrayList<>();
    query(sql, parameters, row -> values.add(row.getString(1)));
    return values;
  }

  /** Two columns as a map (first → second), in row order. */
  public Map<String, String> pairs(String sql, Object... parameters) {
    Map<String, String> values = new LinkedHashMap<>();
    query(sql, parameters, row -> values.put(row.getString(1), row.getString(2)));
    return values;
  }

  public int update(String sql, Object... parameters) {
    try (Connection connection = connect(); PreparedStatement statement = connection.prepareStatement(sql)) {
      bind(statement, parameters);
      return statement.executeUpdate();
    } catch (SQLException e) {
      throw new IllegalStateException(sql, e);
    }
  }

  private interface RowReader {
    void read(ResultSet row) throws SQLException;
  }

  private void query(String sql, Object[] parameters, RowReader reader) {
    try (Connection connection = connect(); PreparedStatement statement = connection.prepareStatement(sql)) {
      bind(statement, parameters);
      try (ResultSet rows = statement.executeQuery()) {
        while (rows.next()) {
          reader.read(rows);
        }
      }
    } catch (SQLException e) {
      throw new IllegalStateException(sql, e);
    }
  }

  private static void bind(PreparedStatement statement, Object[] parameters) throws SQLException {
    for (int i = 0; i < parameters.length; i++) {
      statement.setObject(i + 1, parameters[i]);
    }
  }

  private Connection connect() throws SQLException {
    return DriverManager.getConnection(database.url(), database.user(), database.password());
  }
}
