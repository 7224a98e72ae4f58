package dev.ittybatch.webhook.results;

import dev.ittybatch.common.ledger.BatchRun;
import dev.ittybatch.common.ledger.LedgerEntry;
import dev.ittybatch.common.results.ResultsStoreException;
import dev.ittybatch.common.sql.SqlScripts;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.duckdb.DuckDBAppender;
import org.duckdb.DuckDBConnection;

/**
 * The batch ledger in the local DuckDB file, and the streaming reads the orchestrator makes of it.
 * Written on a connection of its own, so a large ledger chunk never waits behind result rows.
 */
public final class DuckDbLedger implements AutoCloseable {

  private static final String INSERT_RUN =
      "INSERT INTO ittybatch.batch_runs (batch_id, run_id, mode, manifest_uri,"
          + " manifest_generation, entries, entries_by_kind, invalid, shard_index, shard_count,"
          + " enqueued, skipped, started_at, finished_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?,"
          + " ?, ?, ?)";

  private final DuckDbResultsStore store;
  private final Connection connection;

  public DuckDbLedger(DuckDbResultsStore store) {
    this.store = store;
    try {
      this.connection = store.connect();
    } catch (SQLException e) {
      throw new IllegalStateException("cannot open the ledger connection: " + e.getMessage(), e);
    }
  }

  /** Appends entries in table order ({@code sql/duckdb/01_schema.sql}); durable on return. */
  public synchronized void recordEntries(List<LedgerEntry> entries) {
    try (DuckDBAppender appender =
        ((DuckDBConnection) connection).createAppender("ittybatch", "batch_entries")) {
      for (LedgerEntry entry : entries) {
        appender.beginRow();
        appender.append(entry.batchId());
        appender.append(entry.entryId());
        appender.append(entry.line());
        appendNullable(appender, entry.path());
        appendNullable(appender, entry.kind());
        appender.append((long) entry.generation());
        appendNullable(appender, entry.taskName());
        appendTime(appender, entry.enqueuedAt());
        appendNullable(appender, entry.runId());
        appendTime(appender, entry.recordedAt());
        appender.endRow();
      }
      appender.flush();
    } catch (SQLException | RuntimeException e) {
      throw new ResultsStoreException("ledger write failed: " + e.getMessage(), e);
    }
  }

  public synchronized void recordRun(BatchRun run) {
    try (PreparedStatement insert = connection.prepareStatement(INSERT_RUN)) {
      Object[] values = {
        run.batchId(),
        run.runId(),
        run.mode(),
        run.manifestUri(),
        run.manifestGeneration(),
        run.entries(),
        run.entriesByKind(),
        run.invalid(),
        run.shardIndex(),
        run.shardCount(),
        run.enqueued(),
        run.skipped(),
        utc(run.startedAt()),
        utc(run.finishedAt())
      };
      for (int i = 0; i < values.length; i++) {
        insert.setObject(i + 1, values[i]);
      }
      insert.executeUpdate();
    } catch (SQLException e) {
      throw new ResultsStoreException("ledger write failed: " + e.getMessage(), e);
    }
  }

  /**
   * Streams a query of {@code sql/queries} row by row, on a connection of its own: a million-row
   * read holds one row at a time here, and blocks no other query.
   */
  public void stream(
      String name, Map<String, Object> parameters, Consumer<Map<String, Object>> rows) {
    SqlScripts.Positional query = SqlScripts.positional(SqlScripts.query(name));
    String sql = SqlScripts.withoutSemicolon(query.sql());
    try (Connection reading = store.reading(sql);
        PreparedStatement statement = reading.prepareStatement(sql)) {
      for (int i = 0; i < query.parameters().size(); i++) {
        String parameter = query.parameters().get(i);
        if (!parameters.containsKey(parameter)) {
          throw new IllegalArgumentException(name + " needs parameter " + parameter);
        }
        statement.setObject(i + 1, parameters.get(parameter));
      }
      try (ResultSet result = statement.executeQuery()) {
        while (result.next()) {
          rows.accept(DuckDbRows.current(result));
        }
      }
    } catch (SQLException e) {
      throw new ResultsStoreException("query " + name + " failed: " + e.getMessage(), e);
    }
  }

  private static void appendNullable(DuckDBAppender appender, String value) throws SQLException {
    if (value == null) {
      appender.appendNull();
    } else {
      appender.append(value);
    }
  }

  private static void appendTime(DuckDBAppender appender, Instant value) throws SQLException {
    if (value == null) {
      appender.appendNull();
    } else {
      appender.append(LocalDateTime.ofInstant(value, ZoneOffset.UTC));
    }
  }

  private static LocalDateTime utc(Instant value) {
    return value == null ? null : LocalDateTime.ofInstant(value, ZoneOffset.UTC);
  }

  @Override
  public synchronized void close() throws SQLException {
    connection.close();
  }
}
