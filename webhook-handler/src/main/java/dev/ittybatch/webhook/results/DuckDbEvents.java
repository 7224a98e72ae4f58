package dev.ittybatch.webhook.results;

import dev.ittybatch.common.events.BatchEvent;
import dev.ittybatch.common.events.EventColumns;
import dev.ittybatch.common.events.EventLog;
import dev.ittybatch.common.identity.EntryIdentity;
import dev.ittybatch.common.results.DispatchedJobs;
import dev.ittybatch.common.results.ResultsStoreException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The local store's side of batch events and of the dispatched-job lookup: {@code batch_events} in
 * the DuckDB file, written on a connection of its own, and {@code sql/queries/dispatched_job.sql}
 * run as the BigQuery one is, with its parameters bound.
 */
public final class DuckDbEvents implements EventLog, DispatchedJobs, AutoCloseable {

  private static final String INSERT =
      "INSERT INTO ittybatch.batch_events ("
          + EventColumns.names()
          + ") VALUES ("
          + String.join(", ", Collections.nCopies(EventColumns.ALL.size(), "?"))
          + ")";

  private final DuckDbResultsStore store;
  private final Connection connection;

  public DuckDbEvents(DuckDbResultsStore store) {
    this.store = store;
    try {
      this.connection = store.connect();
    } catch (SQLException e) {
      throw new IllegalStateException("cannot open the events connection: " + e.getMessage(), e);
    }
  }

  /** Each event once: one with an id already stored is skipped, as insertAll's insertId does. */
  @Override
  public synchronized void append(List<BatchEvent> events) {
    try (PreparedStatement insert = connection.prepareStatement(INSERT);
        PreparedStatement known =
            connection.prepareStatement(
                "SELECT 1 FROM ittybatch.batch_events WHERE event_id = ?")) {
      for (BatchEvent event : events) {
        known.setString(1, event.eventId());
        if (known.executeQuery().next()) {
          continue;
        }
        int index = 1;
        for (EventColumns.Column column : EventColumns.ALL) {
          Object value = EventColumns.valueOf(column, event);
          insert.setObject(
              index++,
              value instanceof Instant at ? LocalDateTime.ofInstant(at, ZoneOffset.UTC) : value);
        }
        insert.executeUpdate();
      }
    } catch (SQLException e) {
      throw new ResultsStoreException("batch events not stored: " + e.getMessage(), e);
    }
  }

  /**
   * Takes a batch's name for the first caller only, as the deployment's create-if-absent object
   * does: the primary key refuses the second insert.
   */
  public synchronized boolean claim(String batchId, String name) {
    try (PreparedStatement insert =
        connection.prepareStatement(
            "INSERT INTO ittybatch.batch_claims (batch_id, name, claimed_at) VALUES (?, ?, ?)"
                + " ON CONFLICT DO NOTHING")) {
      insert.setString(1, batchId);
      insert.setString(2, name);
      insert.setObject(3, LocalDateTime.ofInstant(Instant.now(), ZoneOffset.UTC));
      return insert.executeUpdate() == 1;
    } catch (SQLException e) {
      throw new ResultsStoreException("claim not stored: " + e.getMessage(), e);
    }
  }

  @Override
  public Optional<String> jobOf(EntryIdentity entry, int generation) {
    List<Map<String, Object>> rows =
        store.query(
            "dispatched_job",
            Map.of(
                "batch_id",
                entry.batchId().value(),
                "entry_id",
                entry.entryId().value(),
                "generation",
                (long) generation));
    return rows.isEmpty() ? Optional.empty() : Optional.of((String) rows.get(0).get("job_id"));
  }

  @Override
  public synchronized void close() throws SQLException {
    connection.close();
  }
}
