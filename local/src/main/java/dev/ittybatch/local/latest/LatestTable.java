package dev.ittybatch.local.latest;

import dev.ittybatch.common.sql.SqlScripts;
import dev.ittybatch.local.bigquery.ViewAccelerator;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code task_results_latest} kept as a table behind the BigQuery stand-in, brought up to date
 * before each query that reads the view. The view ranks every row of {@code task_results} on every
 * read: a status page asking seven questions of a 100,000-entry batch paid that seven times. Here
 * only the rows appended since the last read are ranked, together with the current latest row of
 * each entry they touch, by the view's own SQL ({@code sql/queries/task_results_latest.sql}) over
 * that small set: the latest of a set is the latest of (the latest so far, the new rows), because
 * the view's order is total.
 *
 * <p>Rows without batch, entry or generation are attributed through their task's dispatched row, so
 * the set also borrows the dispatched rows such new rows need, and the stored rows a new dispatched
 * row can now attribute. {@code task_results} is append-only, so its row ids mark what is new; if
 * its count ever says otherwise (rows deleted), the table is built again from every row.
 */
public final class LatestTable implements ViewAccelerator {

  private static final Pattern VIEW =
      Pattern.compile(
          "(?is)^.*?CREATE\\s+OR\\s+REPLACE\\s+VIEW\\s+ittybatch\\.task_results_latest\\s+AS\\s+(.*)$");
  private static final Pattern SOURCE = Pattern.compile("\\bittybatch\\.task_results\\b");
  private static final String UNATTRIBUTED =
      "(batch_id IS NULL OR entry_id IS NULL OR generation IS NULL)";

  private final String source;
  private final String table;
  private final String rule;
  private boolean built;
  private long watermark;
  private long count;
  private boolean unattributedStored;

  /**
   * @param dataset the dataset (DuckDB schema) of {@code task_results}
   * @param schema a DuckDB schema of the accelerator's own, outside every dataset, for its table
   */
  public LatestTable(String dataset, String schema) {
    this.source = quote(dataset) + "." + quote("task_results");
    this.table = quote(schema) + "." + quote("task_results_latest");
    this.rule =
        SOURCE
            .matcher(selectOf(SqlScripts.read("queries/task_results_latest.sql")))
            .replaceAll(Matcher.quoteReplacement(source));
  }

  @Override
  public String relation() {
    return table;
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
  String over(String rows) {
    return rule.replace(source, rows);
  }

  /** Ranks the rows committed since the last call into the table, in one transaction. */
  @Override
  public synchronized void refresh(Connection connection) throws SQLException {
    boolean autoCommit = connection.getAutoCommit();
    connection.setAutoCommit(false);
    try (Statement sql = connection.createStatement()) {
      long last = single(sql, "SELECT COALESCE(MAX(rowid), -1) FROM " + source);
      long rows = single(sql, "SELECT COUNT(*) FROM " + source);
      if (!built || rows < count || rows - count != rowsAfter(sql, watermark, last)) {
        build(sql, last);
      } else if (last > watermark) {
        apply(sql, last);
      }
      connection.commit();
      built = true;
      watermark = last;
      count = rows;
    } catch (SQLException | RuntimeException e) {
      connection.rollback();
      built = false;
      throw e;
    } finally {
      connection.setAutoCommit(autoCommit);
    }
  }

  private long rowsAfter(Statement sql, long from, long to) throws SQLException {
    return to <= from
        ? 0
        : single(
            sql,
            "SELECT COUNT(*) FROM " + source + " WHERE rowid > " + from + " AND rowid <= " + to);
  }

  private void build(Statement sql, long last) throws SQLException {
    sql.execute("CREATE SCHEMA IF NOT EXISTS " + table.substring(0, table.indexOf('.')));
    sql.execute(
        "CREATE OR REPLACE TABLE "
            + table
            + " AS "
            + over("(SELECT * FROM " + source + " WHERE rowid <= " + last + ")"));
    unattributedStored =
        single(
                sql,
                "SELECT COUNT(*) FROM "
                    + source
                    + " WHERE rowid <= "
                    + last
                    + " AND "
                    + UNATTRIBUTED)
            > 0;
  }

  private void apply(Statement sql, long last) throws SQLException {
    sql.execute(
        "CREATE OR REPLACE TEMP TABLE fresh AS SELECT * FROM "
            + source
            + " WHERE rowid > "
            + watermark
            + " AND rowid <= "
            + last);
    sql.execute("CREATE OR REPLACE TEMP TABLE candidates AS SELECT * FROM fresh");
    boolean freshUnattributed = single(sql, "SELECT COUNT(*) FROM fresh WHERE " + UNATTRIBUTED) > 0;
    if (freshUnattributed) {
      sql.execute(
          "INSERT INTO candidates SELECT * FROM "
              + source
              + " WHERE rowid <= "
              + watermark
              + " AND status = 'dispatched' AND job_id IN (SELECT job_id FROM fresh WHERE "
              + UNATTRIBUTED
              + ")");
    }
    if (unattributedStored) {
      sql.execute(
          "INSERT INTO candidates SELECT * FROM "
              + source
              + " WHERE rowid <= "
              + watermark
              + " AND "
              + UNATTRIBUTED
              + " AND job_id IN (SELECT job_id FROM fresh WHERE status = 'dispatched')");
    }
    sql.execute(
        "INSERT INTO candidates SELECT l.* FROM "
            + table
            + " AS l"
            + " JOIN (SELECT DISTINCT batch_id, entry_id FROM candidates"
            + " WHERE batch_id IS NOT NULL AND entry_id IS NOT NULL) AS k"
            + " ON l.batch_id = k.batch_id AND l.entry_id = k.entry_id");
    sql.execute("CREATE OR REPLACE TEMP TABLE ranked AS " + over("candidates"));
    sql.execute(
        "DELETE FROM "
            + table
            + " AS l USING ranked AS r"
            + " WHERE l.batch_id = r.batch_id AND l.entry_id = r.entry_id");
    sql.execute("INSERT INTO " + table + " SELECT * FROM ranked");
    sql.execute("DROP TABLE fresh");
    sql.execute("DROP TABLE candidates");
    sql.execute("DROP TABLE ranked");
    unattributedStored |= freshUnattributed;
  }

  private static long single(Statement sql, String query) throws SQLException {
    try (ResultSet result = sql.executeQuery(query)) {
      result.next();
      return result.getLong(1);
    }
  }

  private static String quote(String identifier) {
    return "\"" + identifier.replace("\"", "\"\"") + "\"";
  }
}
