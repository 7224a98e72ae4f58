package dev.ittybatch.local.bigquery;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Datasets, tables and views: what exists, where, with which columns. Changes go one at a time;
 * what a table looks like is cached until it changes, since every insertAll checks its rows against
 * it.
 */
final class Catalog {

  record Dataset(
      String project, String dataset, String location, String description, long created) {}

  /**
   * @param viewQuery the GoogleSQL of a view, null for a table
   */
  record Table(
      TableRef ref,
      List<Field> fields,
      long created,
      String partitionField,
      List<String> clustering,
      String viewQuery,
      String description) {

    boolean view() {
      return viewQuery != null;
    }

    Field field(String name) {
      for (Field field : fields) {
        if (field.name().equalsIgnoreCase(name)) {
          return field;
        }
      }
      return null;
    }
  }

  private final Database database;
  private final Clock clock;
  private final Map<String, Dataset> datasets = new ConcurrentHashMap<>();
  private final Map<TableRef, Table> tables = new ConcurrentHashMap<>();

  Catalog(Database database, Clock clock) throws SQLException {
    this.database = database;
    this.clock = clock;
    database.read(
        connection -> {
          try (Statement sql = connection.createStatement();
              ResultSet rows =
                  sql.executeQuery(
                      "SELECT project, dataset, location, description, created_ms FROM "
                          + Database.META
                          + ".datasets")) {
            while (rows.next()) {
              Dataset dataset =
                  new Dataset(
                      rows.getString(1),
                      rows.getString(2),
                      rows.getString(3),
                      rows.getString(4),
                      rows.getLong(5));
              datasets.put(dataset.dataset(), dataset);
            }
          }
          return null;
        });
  }

  Database database() {
    return database;
  }

  long now() {
    return clock.millis();
  }

  Dataset dataset(String project, String dataset) {
    Dataset found = datasets.get(dataset);
    return found != null && found.project().equals(project) ? found : null;
  }

  /** The dataset, or BigQuery's 404. */
  Dataset requireDataset(String project, String dataset) {
    Dataset found = dataset(project, dataset);
    if (found == null) {
      throw ApiError.notFound("Dataset " + project + ":" + dataset);
    }
    return found;
  }

  /** Creates it; false when it existed. One DuckDB schema per dataset, whatever the project. */
  synchronized boolean createDataset(Dataset dataset) throws SQLException {
    if (datasets.containsKey(dataset.dataset())) {
      return false;
    }
    database.read(
        connection -> {
          try (Statement sql = connection.createStatement()) {
            sql.execute("CREATE SCHEMA IF NOT EXISTS " + TableRef.quote(dataset.dataset()));
          }
          try (PreparedStatement insert =
              connection.prepareStatement(
                  "INSERT INTO " + Database.META + ".datasets VALUES (?, ?, ?, ?, ?)")) {
            insert.setString(1, dataset.project());
            insert.setString(2, dataset.dataset());
            insert.setString(3, dataset.location());
            insert.setString(4, dataset.description());
            insert.setLong(5, dataset.created());
            insert.executeUpdate();
          }
          return null;
        });
    datasets.put(dataset.dataset(), dataset);
    return true;
  }

  /**
   * Drops a dataset; one holding tables or views only with CASCADE ("Dataset ... is still in use",
   * DROP SCHEMA reference: RESTRICT, the default, refuses a dataset that is not empty).
   */
  synchronized void dropDataset(Dataset dataset, boolean cascade) throws SQLException {
    String name = dataset.dataset();
    database.read(
        connection -> {
          try (Statement sql = connection.createStatement()) {
            if (!cascade) {
              try (ResultSet count =
                  sql.executeQuery(
                      "SELECT count(*) FROM duckdb_tables() WHERE schema_name = "
                          + Dialect.literal(name)
                          + " UNION ALL SELECT count(*) FROM duckdb_views() WHERE schema_name = "
                          + Dialect.literal(name))) {
                long objects = 0;
                while (count.next()) {
                  objects += count.getLong(1);
                }
                if (objects > 0) {
                  throw ApiError.invalidQuery(
                      "Dataset "
                          + dataset.project()
                          + ":"
                          + name
                          + " is still in use; drop it with CASCADE");
                }
              }
            }
            sql.execute("DROP SCHEMA " + TableRef.quote(name) + " CASCADE");
            sql.execute(
                "DELETE FROM "
                    + Database.META
                    + ".datasets WHERE dataset = "
                    + Dialect.literal(name));
            sql.execute(
                "DELETE FROM "
                    + Database.META
                    + ".tables WHERE dataset = "
                    + Dialect.literal(name));
          }
          return null;
        });
    datasets.remove(name);
    tables.keySet().removeIf(ref -> ref.dataset().equals(name));
  }

  /** The table or view, or null. */
  Table table(TableRef ref) throws SQLException {
    Table cached = tables.get(ref);
    if (cached != null) {
      return cached;
    }
    if (dataset(ref.project(), ref.dataset()) == null) {
      return null;
    }
    Table loaded = database.read(connection -> CatalogRows.load(connection, ref));
    if (loaded != null) {
      tables.put(ref, loaded);
    }
    return loaded;
  }

  /** The table or view, or BigQuery's 404. */
  Table requireTable(TableRef ref) throws SQLException {
    Table table = table(ref);
    if (table == null) {
      requireDataset(ref.project(), ref.dataset());
      throw ApiError.notFound("Table " + ref.display());
    }
    return table;
  }

  /** Runs a change to the schema of the database, and forgets what it may have changed. */
  synchronized <T> T change(TableRef changed, Database.Work<T> work) throws SQLException {
    try {
      return database.read(work);
    } finally {
      if (changed != null) {
        tables.remove(changed);
      }
    }
  }
}
