package dev.ittybatch.webhook.results;

import dev.ittybatch.common.sql.SqlScripts;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code ittybatch.task_results_latest} kept as a table in the local store, brought up to date
 * before each read. The view ranks every row of the table on every query: a status page that asks
 * five questions of a 100,000-entry batch paid that five times. Here only the rows appended since
 * the last read are ranked, together with the current latest row of each entry they touch, using
 * the view's own SQL ({@code sql/queries/task_results_latest.sql}) over that small set: the latest
 * of a set is the latest of (the latest so far, the new rows), because the view's order is total.
 *
 * <p>Rows without batch, entry or generation are attributed through their task's dispatched row, so
 * the set also borrows the dispatched rows such new rows need, and the stored rows a new dispatched
 * row can now attribute. {@code task_results} is append-only, so its row ids, assigned at commit,
 * mark what is new.
 */
final class LatestTable {

  private static final Pattern VIEW =
      Pattern.compile(
          "(?is)^.*?CREATE\\s+OR\\s+REPLACE\\s+VIEW\\s+ittybatch\\.task_results_latest\\s+AS\\s+(.*)$");
  private static final Pattern SOURCE = Pattern.compile("\\bittybatch\\.task_results\\b");
  private static final String UNATTRIBUTED =
      "(batch_id IS NULL OR entry_id IS NULL OR generation IS NULL)";

  private final Connection connection;
  private final String rule;
  private long watermark;
  private boolean unattributedStored;

  /** Builds the table from every stored row, replacing the view an older file may hold. */
  LatestTable(Connection connection) throws SQLException {
    this.connection = connection;
    this.rule = selectOf(SqlScripts.read("queries/task_results_latest.sql"));
    try (Statement sql = connection.createStatement()) {
      String existing = null;
      try (ResultSet type =
          sql.executeQuery(
              "SELECT table_type FROM information_schema.tables WHERE table_schema = 'ittybatch'"
                  + " AND table_name = 'task_results_latest'")) {
        if (type.next()) {
          existing = type.getString(1);
        }
      }
      if (existing != null) {
        sql.execute(
            (existing.equalsIgnoreCase("VIEW") ? "DROP VIEW" : "DROP TABLE")
                + " ittybatch.task_results_latest");
      }
      watermark = single(sql, "SELECT COALESCE(MAX(rowid), -1) FROM ittybatch.task_results");
      sql.execute(
          "CREATE TABLE ittybatch.task_results_latest AS "
              + over("(SELECT * FROM ittybatch.task_results WHERE rowid <= " + watermark + ")"));
      unattributedStored =
          single(sql, "SELECT COUNT(*) FROM ittybatch.task_results WHERE " + UNATTRIBUTED) > 0;
    }
  }

  /** The SELECT of the view's statement. */
  static String selectOf(String script) {
    Matcher select = VIEW.matcher(SqlScripts.withoutSemicolon(script.strip()));
    if (!select.matches()) {
      throw new IllegalStateException("task_results_latest.sql no longer creates the view");
    }
    return select.group(1);
  }

  /** The view's rule applied to another set of task_results rows. */
  String over(String source) {
    return SOURCE.matcher(rule).replaceAll(Matcher.quoteReplacement(source));
  }

  /** Ranks the rows committed since the last call into the table, in one transaction. */
  synchronized void refresh() throws SQLException {
    try (Statement sql = connection.createStatement()) {
      long last = single(sql, "SELECT COALESCE(MAX(rowid), -1) FROM ittybatch.task_results");
      if (last <= watermark) {
        return;
      }
      connection.setAutoCommit(false);
      try {
        apply(sql, last);
        connection.commit();
        watermark = last;
      } catch (SQLException | RuntimeException e) {
        connection.rollback();
        throw e;
      } finally {
        connection.setAutoCommit(true);
      }
    }
  }

  private void apply(Statement sql, long last) throws SQLException {
    sql.execute(
        "CREATE OR REPLACE TEMP TABLE fresh AS SELECT * FROM ittybatch.task_results"
            + (" WHERE rowid > " + watermark + " AND rowid <= " + last));
    sql.execute("CREATE OR REPLACE TEMP TABLE candidates AS SELECT * FROM fresh");
    boolean freshUnattributed = single(sql, "SELECT COUNT(*) FROM fresh WHERE " + UNATTRIBUTED) > 0;
    if (freshUnattributed) {
      sql.execute(
          "INSERT INTO candidates SELECT * FROM ittybatch.task_results WHERE rowid <= "
              + watermark
              + " AND status = 'dispatched' AND task_id IN (SELECT task_id FROM fresh WHERE "
              + UNATTRIBUTED
              + ")");
    }
    if (unattributedStored) {
      sql.execute(
          "INSERT INTO candidates SELECT * FROM ittybatch.task_results WHERE rowid <= "
              + watermark
              + " AND "
              + UNATTRIBUTED
              + " AND task_id IN (SELECT task_id FROM fresh WHERE status = 'dispatched')");
    }
    sql.execute(
        "INSERT INTO candidates SELECT l.* FROM ittybatch.task_results_latest AS l"
            + " JOIN (SELECT DISTINCT batch_id, entry_id FROM candidates"
            + " WHERE batch_id IS NOT NULL AND entry_id IS NOT NULL) AS k"
            + " ON l.batch_id = k.batch_id AND l.entry_id = k.entry_id");
    sql.execute("CREATE OR REPLACE TEMP TABLE ranked AS " + over("candidates"));
    sql.execute(
        "DELETE FROM ittybatch.task_results_latest AS l USING ranked AS r"
            + " WHERE l.batch_id = r.batch_id AND l.entry_id = r.entry_id");
    sql.execute("INSERT INTO ittybatch.task_results_latest SELECT * FROM ranked");
    sql.execute("DROP TABLE fresh");
    sql.execute("DROP TABLE candidates");
    sql.execute("DROP TABLE ranked");
    unattributedStored |= freshUnattributed;
  }

  synchronized void close() throws SQLException {
    connection.close();
  }

  private static long single(Statement sql, String query) throws SQLException {
    try (ResultSet result = sql.executeQuery(query)) {
      result.next();
      return result.getLong(1);
    }
  }
}
