package dev.ittybatch.webhook.results;

import dev.ittybatch.common.results.MicroBatcher;
import dev.ittybatch.common.results.ResultColumns;
import dev.ittybatch.common.results.ResultRow;
import dev.ittybatch.common.results.ResultsStore;
import dev.ittybatch.common.results.ResultsStoreException;
import dev.ittybatch.common.sql.SqlScripts;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.duckdb.DuckDBAppender;
import org.duckdb.DuckDBConnection;

/**
 * The local results store: one DuckDB file, owned by this process alone (DuckDB lets no other
 * process open it meanwhile, not even to read). Writes go through one connection on the batcher's
 * thread; queries use a second connection to the same database, one at a time.
 *
 * <p>Like the BigQuery table, this one is append-only with no key: a redelivered event is a second
 * row, and {@code task_results_latest} shows each entry once. Rows go in through DuckDB's appender,
 * which skips SQL parsing and planning entirely. Here {@code task_results_latest} is a table the
 * store brings up to date before every read ({@link LatestTable}), by the view's own rule.
 */
public final class DuckDbResultsStore implements ResultsStore, AutoCloseable {

  private static final String INSERT =
      "INSERT INTO ittybatch.task_results ("
          + ResultColumns.names()
          + ") VALUES ("
          + String.join(", ", Collections.nCopies(ResultColumns.ALL.size(), "?"))
          + ")";

  private final Path file;
  private final Connection writer;
  private final Connection reader;
  private final LatestTable latest;
  private final MicroBatcher batcher;

  public DuckDbResultsStore(Path file, int maxBatch, Duration linger, Duration waitLimit) {
    this.file = file;
    try {
      if (file.getParent() != null) {
        Files.createDirectories(file.getParent());
      }
      this.writer = DriverManager.getConnection("jdbc:duckdb:" + file.toAbsolutePath());
      this.reader = ((DuckDBConnection) writer).duplicate();
      try (Statement ddl = writer.createStatement()) {
        for (String script : List.of("duckdb/01_schema.sql", "duckdb/02_bigquery_functions.sql")) {
          for (String statement : SqlScripts.statements(SqlScripts.read(script))) {
            ddl.execute(statement);
          }
        }
      }
      this.latest = new LatestTable(((DuckDBConnection) writer).duplicate());
    } catch (SQLException | java.io.IOException e) {
      throw new IllegalStateException(
          "cannot open the results database " + file.toAbsolutePath() + ": " + e.getMessage(), e);
    }
    this.batcher = new MicroBatcher("duckdb-writer", this::insert, maxBatch, linger, waitLimit);
  }

  public Path file() {
    return file;
  }

  @Override
  public void record(List<ResultRow> rows) {
    batcher.record(rows);
  }

  /**
   * Appends a batch and flushes it, which commits it. If that fails, rows are written one by one
   * with INSERT, so a bad row fails only its own request.
   */
  List<String> insert(List<ResultRow> rows) {
    try {
      try (DuckDBAppender appender =
          ((DuckDBConnection) writer).createAppender("ittybatch", "task_results")) {
        for (ResultRow row : rows) {
          append(appender, row);
        }
        appender.flush();
        return Collections.nCopies(rows.size(), null);
      } catch (SQLException | RuntimeException appendFailed) {
        // A value DuckDB cannot hold fails the whole chunk (an out-of-range time even escapes as
        // an ArithmeticException): find the row, and store the others.
        return insertOneByOne(rows);
      }
    } catch (SQLException e) {
      throw new ResultsStoreException("DuckDB write failed: " + e.getMessage(), e);
    }
  }

  /** One row, column by column in table order: the appender has no column names. */
  private static void append(DuckDBAppender appender, ResultRow row) throws SQLException {
    appender.beginRow();
    for (ResultColumns.Column column : ResultColumns.ALL) {
      Object value = ResultColumns.valueOf(column, row);
      if (value == null) {
        appender.appendNull();
        continue;
      }
      switch (column.type()) {
        case STRING -> appender.append((String) value);
        case INT64 -> appender.append(((Number) value).longValue());
        case FLOAT64 -> appender.append(((Number) value).doubleValue());
        case TIMESTAMP -> appender.append(LocalDateTime.ofInstant((Instant) value, ZoneOffset.UTC));
      }
    }
    appender.endRow();
  }

  /**
   * The slow path, only after a batch failed: each row in a statement of its own, because a row
   * DuckDB refuses can leave its statement closed.
   */
  List<String> insertOneByOne(List<ResultRow> rows) throws SQLException {
    List<String> problems = new ArrayList<>(rows.size());
    for (ResultRow row : rows) {
      try (PreparedStatement insert = writer.prepareStatement(INSERT)) {
        bind(insert, row);
        insert.executeUpdate();
        problems.add(null);
      } catch (SQLException | RuntimeException e) {
        problems.add(String.valueOf(e.getMessage()));
      }
    }
    return problems;
  }

  private static void bind(PreparedStatement insert, ResultRow row) throws SQLException {
    int index = 1;
    for (ResultColumns.Column column : ResultColumns.ALL) {
      Object value = ResultColumns.valueOf(column, row);
      switch (column.type()) {
        case STRING -> insert.setString(index, (String) value);
        case INT64 -> {
          if (value == null) {
            insert.setNull(index, Types.BIGINT);
          } else {
            insert.setLong(index, ((Number) value).longValue());
          }
        }
        case FLOAT64 -> {
          if (value == null) {
            insert.setNull(index, Types.DOUBLE);
          } else {
            insert.setDouble(index, ((Number) value).doubleValue());
          }
        }
        case TIMESTAMP -> {
          // Stored as UTC wall time, as BigQuery's TIMESTAMP is.
          if (value == null) {
            insert.setNull(index, Types.TIMESTAMP);
          } else {
            insert.setObject(index, LocalDateTime.ofInstant((Instant) value, ZoneOffset.UTC));
          }
        }
      }
      index++;
    }
  }

  /**
   * Runs one of the shared queries ({@code sql/queries/NAME.sql}) with its parameters; rows come
   * back as column-name maps, timestamps as UTC instants.
   */
  public List<Map<String, Object>> query(String name, Map<String, Object> parameters) {
    SqlScripts.Positional query = SqlScripts.positional(SqlScripts.query(name));
    Object[] values = new Object[query.parameters().size()];
    for (int i = 0; i < values.length; i++) {
      String parameter = query.parameters().get(i);
      if (!parameters.containsKey(parameter)) {
        throw new IllegalArgumentException(name + " needs parameter " + parameter);
      }
      values[i] = parameters.get(parameter);
    }
    try {
      return select(query.sql(), values);
    } catch (SQLException e) {
      throw new ResultsStoreException("query " + name + " failed: " + e.getMessage(), e);
    }
  }

  /** Runs one SELECT on the reading connection; rows as column-name maps. */
  List<Map<String, Object>> select(String sql, Object... values) throws SQLException {
    String statementText = SqlScripts.withoutSemicolon(sql);
    latestFor(statementText);
    synchronized (reader) {
      try (PreparedStatement statement = reader.prepareStatement(statementText)) {
        for (int i = 0; i < values.length; i++) {
          statement.setObject(i + 1, values[i]);
        }
        try (ResultSet rows = statement.executeQuery()) {
          return toMaps(rows);
        }
      }
    }
  }

  private static List<Map<String, Object>> toMaps(ResultSet rows) throws SQLException {
    List<Map<String, Object>> result = new ArrayList<>();
    while (rows.next()) {
      result.add(DuckDbRows.current(rows));
    }
    return result;
  }

  /** Another connection to the same database, for a caller that needs its own (a long read). */
  Connection connect() throws SQLException {
    return ((DuckDBConnection) writer).duplicate();
  }

  /** A connection for {@code sql}, which sees every row committed so far in the latest table. */
  Connection reading(String sql) throws SQLException {
    latestFor(sql);
    return connect();
  }

  /** Brings the latest table up to date, if {@code sql} reads it: the others need not wait. */
  private void latestFor(String sql) throws SQLException {
    if (sql.contains("task_results_latest")) {
      latest.refresh();
    }
  }

  @Override
  public void close() throws InterruptedException, SQLException {
    batcher.close();
    try {
      // The file stays readable by other tools afterwards: leave the latest table current.
      latest.refresh();
    } finally {
      latest.close();
      synchronized (reader) {
        reader.close();
      }
      writer.close();
    }
  }
}
