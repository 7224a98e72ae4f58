package dev.ittybatch.local.bigquery;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * What the {@link Catalog} reads and writes about a table: its columns from DuckDB's own catalog
 * (descriptions are column comments), and what only BigQuery has (partitioning, clustering, a
 * view's GoogleSQL) from the schema {@value Database#META}.
 */
final class CatalogRows {

  private CatalogRows() {}

  /** Records BigQuery's view of a new table or view beside DuckDB's. */
  static void describe(
      Connection connection,
      TableRef ref,
      long created,
      String partitionField,
      List<String> clustering,
      String viewQuery,
      String description)
      throws SQLException {
    try (PreparedStatement delete =
        connection.prepareStatement(
            "DELETE FROM " + Database.META + ".tables WHERE dataset = ? AND table_name = ?")) {
      delete.setString(1, ref.dataset());
      delete.setString(2, ref.table());
      delete.executeUpdate();
    }
    try (PreparedStatement insert =
        connection.prepareStatement(
            "INSERT INTO " + Database.META + ".tables VALUES (?, ?, ?, ?, ?, ?, ?)")) {
      insert.setString(1, ref.dataset());
      insert.setString(2, ref.table());
      insert.setLong(3, created);
      insert.setString(4, partitionField);
      insert.setString(5, clustering == null ? null : String.join(",", clustering));
      insert.setString(6, viewQuery);
      insert.setString(7, description);
      insert.executeUpdate();
    }
  }

  static Catalog.Table load(Connection connection, TableRef ref) throws SQLException {
    List<Field> fields = new ArrayList<>();
    try (PreparedStatement columns =
        connection.prepareStatement(
            "SELECT column_name, data_type, is_nullable, comment FROM duckdb_columns()"
                + " WHERE database_name = current_database() AND schema_name = ?"
                + " AND table_name = ? ORDER BY column_index")) {
      columns.setString(1, ref.dataset());
      columns.setString(2, ref.table());
      try (ResultSet rows = columns.executeQuery()) {
        while (rows.next()) {
          fields.add(
              new Field(
                  rows.getString(1),
                  Types.fromDuckdb(rows.getString(2)),
                  rows.getBoolean(3) ? "NULLABLE" : "REQUIRED",
                  rows.getString(4)));
        }
      }
    }
    if (fields.isEmpty()) {
      return null;
    }
    try (PreparedStatement meta =
        connection.prepareStatement(
            "SELECT created_ms, partition_field, clustering, view_query, description FROM "
                + Database.META
                + ".tables WHERE dataset = ? AND table_name = ?")) {
      meta.setString(1, ref.dataset());
      meta.setString(2, ref.table());
      try (ResultSet row = meta.executeQuery()) {
        if (!row.next()) {
          return new Catalog.Table(ref, List.copyOf(fields), 0, null, List.of(), null, null);
        }
        String clustering = row.getString(3);
        return new Catalog.Table(
            ref,
            List.copyOf(fields),
            row.getLong(1),
            row.getString(2),
            clustering == null || clustering.isEmpty() ? List.of() : List.of(clustering.split(",")),
            row.getString(4),
            row.getString(5));
      }
    }
  }
}
