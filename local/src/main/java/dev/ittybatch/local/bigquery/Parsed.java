package dev.ittybatch.local.bigquery;

import java.util.List;
import java.util.Map;

/** One statement of a script, as parsed; what it does is {@link Statements}' business. */
sealed interface Parsed {

  /** BigQuery's {@code statistics.query.statementType} for it. */
  String type();

  /** A SELECT (or WITH ... SELECT), or DML over {@code target}. */
  record Query(String type, TableRef target, List<Token> tokens) implements Parsed {}

  /**
   * CREATE SCHEMA.
   *
   * @param options OPTIONS (...) values that are string literals, by lower-case name
   */
  record CreateSchema(
      String project, String dataset, boolean ifNotExists, Map<String, String> options)
      implements Parsed {
    public String type() {
      return "CREATE_SCHEMA";
    }
  }

  /** A column of CREATE TABLE or ALTER TABLE ADD COLUMN. */
  record Column(Field field, boolean ifNotExists) {}

  record CreateTable(
      TableRef table,
      boolean ifNotExists,
      boolean orReplace,
      List<Column> columns,
      List<Token> partitionBy,
      List<String> clusterBy,
      Map<String, String> options)
      implements Parsed {
    public String type() {
      return "CREATE_TABLE";
    }
  }

  /** CREATE VIEW; {@code query} is its GoogleSQL as written. */
  record CreateView(
      TableRef view, boolean ifNotExists, boolean orReplace, List<Token> tokens, String query)
      implements Parsed {
    public String type() {
      return "CREATE_VIEW";
    }
  }

  /** One {@code RENAME COLUMN [IF EXISTS] from TO to} of ALTER TABLE. */
  record Rename(String from, String to, boolean ifExists) {}

  /** ALTER TABLE: columns added, or columns renamed (one kind of action per statement). */
  record AlterTable(TableRef table, boolean ifExists, List<Column> added, List<Rename> renamed)
      implements Parsed {
    public String type() {
      return "ALTER_TABLE";
    }
  }

  /**
   * DROP TABLE, VIEW or SCHEMA; for a schema {@code target.table()} is null.
   *
   * @param kind TABLE, VIEW or SCHEMA
   */
  record Drop(String kind, TableRef target, boolean ifExists, boolean cascade) implements Parsed {
    public String type() {
      return "DROP_" + kind;
    }
  }

  /**
   * GRANT or REVOKE of roles on a dataset ({@code target.table()} null) or a table or view.
   *
   * @param members as written: {@code serviceAccount:x@p.iam.gserviceaccount.com}
   */
  record Grant(boolean revoke, List<String> roles, TableRef target, List<String> members)
      implements Parsed {
    public String type() {
      return revoke ? "REVOKE" : "GRANT";
    }
  }
}
