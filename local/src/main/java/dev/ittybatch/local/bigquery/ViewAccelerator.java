package dev.ittybatch.local.bigquery;

import java.sql.Connection;
import java.sql.SQLException;

/**
 * A faster way to read a view: a relation kept equal to the view's rows, brought up to date before
 * each query that reads the view, which the query then reads instead. The stand-in knows nothing of
 * what the view means; the accelerator must hold exactly the view's rows (and be tested to).
 * Permissions are still checked on the view and its tables, as BigQuery would.
 */
public interface ViewAccelerator {

  /** The DuckDB relation read in place of the view, e.g. {@code "ittybatch"."latest_rows"}. */
  String relation();

  /**
   * Brings the relation up to date with every row committed so far. Called before each query that
   * reads the view, from several threads at once, on a connection of the stand-in's.
   */
  void refresh(Connection connection) throws SQLException;
}
