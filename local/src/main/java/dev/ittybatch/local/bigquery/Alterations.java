package dev.ittybatch.local.bigquery;

import java.sql.SQLException;
import java.sql.Statement;

/**
 * ALTER TABLE ADD COLUMN and DROP TABLE, VIEW or SCHEMA, checked as BigQuery checks them
 * (data-definition-language reference).
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
