package dev.ittybatch.local.bigquery;

import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * ALTER TABLE ADD COLUMN and RENAME COLUMN, and DROP TABLE, VIEW or SCHEMA, checked as BigQuery
 * checks them (data-definition-language reference).
 */
final class Alterations {

  private final Catalog catalog;
  private final Access access;
  private final Statements statements;

  Alterations(Catalog catalog, Access access, Statements statements) {
    this.catalog = catalog;
    this.access = access;
    this.statements = statements;
  }

  Outcome alterTable(Parsed.AlterTable alter, Context context) throws SQLException {
    TableRef ref = alter.table();
    Ddl.datasetInLocation(catalog, ref, context);
    Catalog.Table table = catalog.table(ref);
    if (table == null && alter.ifExists()) {
      return Outcome.ddl(alter.type(), "SKIP", ref);
    }
    table = statements.located(ref, context);
    access.onTable(context.identity(), context.method(), "bigquery.tables.get", ref);
    access.onTable(context.identity(), context.method(), "bigquery.tables.update", ref);
    if (table.view()) {
      throw ApiError.invalidQuery("ALTER TABLE cannot be used on view " + ref.display());
    }
    if (!alter.renamed().isEmpty()) {
      return rename(alter, table);
    }
    StringBuilder ddl = new StringBuilder();
    for (Parsed.Column column : alter.added()) {
      Field field = column.field();
      if (table.field(field.name()) != null) {
        if (column.ifNotExists()) {
          continue;
        }
        throw ApiError.invalidQuery("Column already exists: " + field.name());
      }
      if (field.required()) {
        // "you cannot add a REQUIRED column to an existing table schema" (managing-table-schemas).
        throw ApiError.invalidQuery(
            "Cannot add a REQUIRED column to an existing table: " + field.name());
      }
      ddl.append("ALTER TABLE ")
          .append(ref.duckdb())
          .append(" ADD COLUMN ")
          .append(Ddl.column(field))
          .append(";\n");
    }
    if (ddl.length() == 0) {
      return Outcome.ddl(alter.type(), "SKIP", ref);
    }
    catalog.change(
        ref,
        connection -> {
          try (Statement sql = connection.createStatement()) {
            for (String statement : ddl.toString().split(";\n")) {
              sql.execute(statement);
            }
            Ddl.comments(sql, ref, alter.added().stream().map(Parsed.Column::field).toList(), null);
          }
          return null;
        });
    return Outcome.ddl(alter.type(), null, ref);
  }

  /**
   * Renames in the order written, so {@code a TO t, b TO a, t TO b} swaps two columns. A column
   * that partitions or clusters the table keeps its name (DDL reference, RENAME COLUMN details).
   */
  private Outcome rename(Parsed.AlterTable alter, Catalog.Table table) throws SQLException {
    TableRef ref = alter.table();
    List<String> names = new ArrayList<>(table.fields().stream().map(Field::name).toList());
    List<String> ddl = new ArrayList<>();
    for (Parsed.Rename rename : alter.renamed()) {
      int at = indexOf(names, rename.from());
      if (at < 0) {
        if (rename.ifExists()) {
          continue;
        }
        throw ApiError.invalidQuery(
            "Column " + rename.from() + " not found in table " + ref.display());
      }
      String from = names.get(at);
      if (from.equalsIgnoreCase(table.partitionField())) {
        throw ApiError.invalidQuery("Cannot rename partitioning column " + from);
      }
      if (table.clustering() != null
          && table.clustering().stream().anyMatch(from::equalsIgnoreCase)) {
        throw ApiError.invalidQuery("Cannot rename clustering column " + from);
      }
      if (!rename.to().matches("[A-Za-z_][A-Za-z0-9_]{0,299}")) {
        throw ApiError.invalidQuery("Invalid column name " + rename.to());
      }
      int taken = indexOf(names, rename.to());
      if (taken >= 0 && taken != at) {
        throw ApiError.invalidQuery("Column already exists: " + rename.to());
      }
      names.set(at, rename.to());
      ddl.add(
          "ALTER TABLE "
              + ref.duckdb()
              + " RENAME COLUMN "
              + TableRef.quote(from)
              + " TO "
              + TableRef.quote(rename.to()));
    }
    if (ddl.isEmpty()) {
      return Outcome.ddl(alter.type(), "SKIP", ref);
    }
    catalog.change(
        ref,
        connection -> {
          try (Statement sql = connection.createStatement()) {
            for (String statement : ddl) {
              sql.execute(statement);
            }
          }
          return null;
        });
    return Outcome.ddl(alter.type(), null, ref);
  }

  private static int indexOf(List<String> names, String name) {
    String wanted = name.toLowerCase(Locale.ROOT);
    for (int i = 0; i < names.size(); i++) {
      if (names.get(i).toLowerCase(Locale.ROOT).equals(wanted)) {
        return i;
      }
    }
    return -1;
  }

  Outcome drop(Parsed.Drop drop, Context context) throws SQLException {
    TableRef ref = drop.target();
    if (drop.kind().equals("SCHEMA")) {
      return Datasets.drop(catalog, access, drop, context);
    }
    Catalog.Table table = catalog.table(ref);
    if (table == null) {
      if (drop.ifExists()) {
        return Outcome.ddl(drop.type(), "SKIP", ref);
      }
      throw ApiError.notFound("Table " + ref.display());
    }
    access.onTable(context.identity(), context.method(), "bigquery.tables.delete", ref);
    if (table.view() != drop.kind().equals("VIEW")) {
      throw ApiError.invalidQuery(
          ref.display()
              + " is a "
              + (table.view() ? "view" : "table")
              + ", not a "
              + drop.kind().toLowerCase());
    }
    catalog.change(
        ref,
        connection -> {
          try (Statement sql = connection.createStatement()) {
            sql.execute("DROP " + drop.kind() + " " + ref.duckdb());
            sql.execute(
                "DELETE FROM "
                    + Database.META
                    + ".tables WHERE dataset = "
                    + Dialect.literal(ref.dataset())
                    + " AND table_name = "
                    + Dialect.literal(ref.table()));
          }
          return null;
        });
    return Outcome.ddl(drop.type(), "DROP", ref);
  }
}
