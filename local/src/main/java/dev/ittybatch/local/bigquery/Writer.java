package dev.ittybatch.local.bigquery;

import java.math.BigDecimal;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.stream.Collectors;
import org.duckdb.DuckDBAppender;
import org.duckdb.DuckDBConnection;

/**
 * The one writer: every row goes in on its thread through DuckDB's appender, which skips SQL
 * parsing and planning. Streamed rows that queued while it was busy go in together, one flush per
 * table; a load goes in alone inside a transaction, so it lands whole or not at all. A caller's
 * future completes once its rows are committed, so rows insertAll accepted are in every later query
 * (an emulator that lost them, goccy/bigquery-emulator#470, proved nothing).
 */
final class Writer implements AutoCloseable {

  /**
   * Rows for one table, each in the order of {@code fields}.
   *
   * @param load a load job's rows: alone, in a transaction
   * @param truncate with {@code load}: WRITE_TRUNCATE, the table's rows replaced
   */
  record Batch(
      TableRef table,
      List<Field> fields,
      List<Object[]> rows,
      boolean load,
      boolean truncate,
      CompletableFuture<Void> done) {}

  /** Queued last by close: the thread ends once what was queued before it is written. */
  private final Batch stop =
      new Batch(null, List.of(), List.of(), false, false, new CompletableFuture<>());

  private final DuckDBConnection connection;
  private final BlockingQueue<Batch> queue = new LinkedBlockingQueue<>();
  private final Thread thread;

  Writer(Database database) throws SQLException {
    this.connection = database.connect();
    this.thread = new Thread(this::run, "bigquery-stand-in-writer");
    thread.setDaemon(true);
    thread.start();
  }

  CompletableFuture<Void> append(TableRef table, List<Field> fields, List<Object[]> rows) {
    return submit(new Batch(table, fields, rows, false, false, new CompletableFuture<>()));
  }

  CompletableFuture<Void> load(
      TableRef table, List<Field> fields, List<Object[]> rows, boolean truncate) {
    return submit(new Batch(table, fields, rows, true, truncate, new CompletableFuture<>()));
  }

  private CompletableFuture<Void> submit(Batch batch) {
    if (!thread.isAlive()) {
      batch.done().completeExceptionally(new IllegalStateException("the writer has stopped"));
    } else {
      queue.add(batch);
    }
    return batch.done();
  }

  private void run() {
    List<Batch> taken = new ArrayList<>();
    while (true) {
      try {
        taken.add(queue.take());
      } catch (InterruptedException e) {
        return;
      }
      queue.drainTo(taken);
      boolean stopping = taken.remove(stop);
      List<Batch> streamed = new ArrayList<>();
      for (Batch batch : taken) {
        if (batch.load()) {
          complete(batch, () -> transaction(batch));
        } else {
          streamed.add(batch);
        }
      }
      Map<TableRef, List<Batch>> byTable =
          streamed.stream()
              .collect(
                  Collectors.groupingBy(Batch::table, LinkedHashMap::new, Collectors.toList()));
      byTable.values().forEach(this::appendTogether);
      taken.clear();
      if (stopping) {
        return;
      }
    }
  }

  private void appendTogether(List<Batch> batches) {
    try {
      appendRows(batches);
      batches.forEach(batch -> batch.done().complete(null));
    } catch (SQLException | RuntimeException together) {
      // The schema changed under a batch, or DuckDB refused a value: each batch on its own, by
      // column name, so one caller's problem stays its own.
      for (Batch batch : batches) {
        complete(batch, () -> insert(batch));
      }
    }
  }

  private void appendRows(List<Batch> batches) throws SQLException {
    Batch first = batches.get(0);
    try (DuckDBAppender appender =
        connection.createAppender(first.table().dataset(), first.table().table())) {
      for (Batch batch : batches) {
        for (Object[] row : batch.rows()) {
          appender.beginRow();
          for (int c = 0; c < row.length; c++) {
            append(appender, batch.fields().get(c).type(), row[c]);
          }
          appender.endRow();
        }
      }
      appender.flush();
    }
  }

  private void transaction(Batch batch) throws SQLException {
    connection.setAutoCommit(false);
    try {
      if (batch.truncate()) {
        try (Statement delete = connection.createStatement()) {
          delete.execute("DELETE FROM " + batch.table().duckdb());
        }
      }
      if (!batch.rows().isEmpty()) {
        appendRows(List.of(batch));
      }
      connection.commit();
    } catch (SQLException | RuntimeException e) {
      connection.rollback();
      throw e;
    } finally {
      connection.setAutoCommit(true);
    }
  }

  private void insert(Batch batch) throws SQLException {
    String columns =
        batch.fields().stream()
            .map(f -> TableRef.quote(f.name()))
            .collect(Collectors.joining(", "));
    String sql =
        "INSERT INTO "
            + batch.table().duckdb()
            + " ("
            + columns
            + ") VALUES ("
            + String.join(", ", Collections.nCopies(batch.fields().size(), "?"))
            + ")";
    try (PreparedStatement insert = connection.prepareStatement(sql)) {
      for (Object[] row : batch.rows()) {
        for (int c = 0; c < row.length; c++) {
          insert.setObject(c + 1, jdbc(batch.fields().get(c).type(), row[c]));
        }
        insert.addBatch();
      }
      insert.executeBatch();
    }
  }

  private interface Work {
    void run() throws SQLException;
  }

  private static void complete(Batch batch, Work work) {
    try {
      work.run();
      batch.done().complete(null);
    } catch (SQLException | RuntimeException e) {
      batch.done().completeExceptionally(e);
    }
  }

  private static void append(DuckDBAppender appender, String type, Object value)
      throws SQLException {
    if (value == null) {
      appender.appendNull();
      return;
    }
    switch (type) {
      case "TIMESTAMP" -> appender.appendEpochMicros((Long) value);
      case "INTEGER" -> appender.append((long) (Long) value);
      case "FLOAT" -> appender.append((double) (Double) value);
      case "BOOLEAN" -> appender.append((boolean) (Boolean) value);
      case "NUMERIC" -> appender.append((BigDecimal) value);
      case "DATE" -> appender.append((LocalDate) value);
      case "TIME" -> appender.append((LocalTime) value);
      case "BYTES" -> appender.append((byte[]) value);
      default -> appender.append((String) value);
    }
  }

  /** A value as JDBC binds it; TIMESTAMP back from microseconds to UTC wall time. */
  static Object jdbc(String type, Object value) {
    if (value != null && type.equals("TIMESTAMP")) {
      long micros = (Long) value;
      return LocalDateTime.ofEpochSecond(
          Math.floorDiv(micros, 1_000_000L),
          (int) Math.floorMod(micros, 1_000_000L) * 1000,
          ZoneOffset.UTC);
    }
    return value;
  }

  @Override
  public void close() throws SQLException {
    queue.add(stop);
    try {
      thread.join(10_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    connection.close();
  }
}
