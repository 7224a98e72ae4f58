package dev.ittybatch.local.bigquery;

import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import tools.jackson.databind.JsonNode;

/**
 * Runs DDL: CREATE SCHEMA, CREATE TABLE (PARTITION BY, CLUSTER BY and OPTIONS kept as BigQuery's
 * metadata), CREATE VIEW, ALTER TABLE ADD or RENAME COLUMN and DROP; each checked as BigQuery
 * checks it (data-definition-language reference) and reported as {@code ddlOperationPerformed}.
 * ALTER and DROP are {@link Alterations}', GRANT and REVOKE {@link Grants}'.
 */
final class Ddl {

  private final Catalog catalog;
  private final Access access;
  private final Statements statements;
  private final String defaultLocation;

  Ddl(Catalog catalog, Access access, Statements statements, String defaultLocation) {
    this.catalog = catalog;
    this.access = access;
    this.statements = statements;
    this.defaultLocation = defaultLocation;
  }

  Outcome createSchema(Parsed.CreateSchema create, Context context, String jobLocation)
      throws SQLException {
    access.onProject(
        context.identity(), context.method(), "bigquery.datasets.create", create.project());
    String location = create.options().getOrDefault("location", jobLocation);
    Catalog.Dataset dataset =
        new Catalog.Dataset(
            create.project(),
            create.dataset(),
            Locations.normalize(
                location == null || location.isEmpty() ? defaultLocation : location),
            create.options().get("description"),
            catalog.now());
    TableRef target = new TableRef(create.project(), create.dataset(), null);
    if (catalog.createDataset(dataset)) {
      return Outcome.ddl(create.type(), "CREATE", target);
    }
    if (!create.ifNotExists()) {
      throw new ApiError(
          Reason.DUPLICATE, "Already Exists: Dataset " + create.project() + ":" + create.dataset());
    }
    return Outcome.ddl(create.type(), "SKIP", target);
  }

  /**
   * What a CREATE TABLE or CREATE VIEW would replace, or null: checked first in the dataset's
   * location and against the caller's right to create tables there; a name taken answers 409 unless
   * the statement may replace it or skip.
   */
  private Catalog.Table existing(TableRef ref, Context context, boolean mayStand)
      throws SQLException {
    datasetInLocation(catalog, ref, context);
    access.onDataset(
        context.identity(),
        context.method(),
        "bigquery.tables.create",
        ref.project(),
        ref.dataset());
    Catalog.Table existing = catalog.table(ref);
    if (existing != null && !mayStand) {
      throw new ApiError(Reason.DUPLICATE, "Already Exists: Table " + ref.display());
    }
    return existing;
  }

  Outcome createTable(Parsed.CreateTable create, Context context) throws SQLException {
    TableRef ref = create.table();
    Catalog.Table existing = existing(ref, context, create.orReplace() || create.ifNotExists());
    if (existing != null && create.ifNotExists()) {
      return Outcome.ddl(create.type(), "SKIP", ref);
    }
    List<Field> fields = create.columns().stream().map(Parsed.Column::field).toList();
    String partitionField = Partitioning.field(create.partitionBy(), fields);
    Partitioning.checkClustering(create.clusterBy(), fields);
    String description = create.options().get("description");
    catalog.change(
        ref,
        connection -> {
          try (Statement sql = connection.createStatement()) {
            if (existing != null) {
              sql.execute((existing.view() ? "DROP VIEW " : "DROP TABLE ") + ref.duckdb());
            }
            sql.execute(
                "CREATE TABLE "
                    + ref.duckdb()
                    + " ("
                    + fields.stream().map(Ddl::column).collect(Collectors.joining(", "))
                    + ")");
            comments(sql, ref, fields, description);
          }
          CatalogRows.describe(
              connection,
              ref,
              catalog.now(),
              partitionField,
              create.clusterBy(),
              null,
              description);
          return null;
        });
    return Outcome.ddl(create.type(), existing == null ? "CREATE" : "REPLACE", ref);
  }

  /**
   * {@code tables.insert} of a view: the resource's GoogleSQL query made a CREATE VIEW, checked as
   * that statement is.
   *
   * @return the view's name
   */
  TableRef createView(String identity, String project, String dataset, JsonNode body)
      throws SQLException {
    JsonNode view = body.path("view");
    if (!view.path("useLegacySql").isBoolean() || view.path("useLegacySql").asBoolean()) {
      throw ApiError.invalid(
          "The stand-in takes GoogleSQL views only (useLegacySql is true when not set)");
    }
    TableRef ref =
        new TableRef(project, dataset, body.path("tableReference").path("tableId").asString(""));
    Catalog.Dataset found = catalog.requireDataset(project, dataset);
    String query = view.path("query").asString("");
    Context context =
        new Context(
            identity,
            "bigquery.tables.insert",
            project,
            dataset,
            found.location(),
            new Parameters(null));
    createView(new Parsed.CreateView(ref, false, false, Lexer.tokens(query), query), context);
    return ref;
  }

  Outcome createView(Parsed.CreateView create, Context context) throws SQLException {
    TableRef ref = create.view();
    Catalog.Table existing = existing(ref, context, create.orReplace() || create.ifNotExists());
    if (existing != null && create.ifNotExists()) {
      return Outcome.ddl(create.type(), "SKIP", ref);
    }
    if (existing != null && !existing.view()) {
      throw ApiError.invalidQuery(
          "Cannot replace table " + ref.display() + " with a view: it is a table");
    }
    if (existing != null) {
      access.onTable(context.identity(), context.method(), "bigquery.tables.update", ref);
    }
    // The DuckDB view names the tables themselves, never an accelerator's relation: it is what
    // the DuckDB CLI reads afterwards.
    Translator.Translation translation =
        Translator.translate(
            create.query(),
            Lexer.tokens(create.query()),
            new Naming(context.project(), context.defaultDataset(), Map.of()));
    if (!translation.parameters().isEmpty()) {
      throw ApiError.invalidQuery("Query parameters cannot be used in a view");
    }
    for (TableRef read : translation.reads()) {
      statements.located(read, context);
    }
    catalog.change(
        ref,
        connection -> {
          try (Statement sql = connection.createStatement()) {
            sql.execute("CREATE OR REPLACE VIEW " + ref.duckdb() + " AS " + translation.sql());
          }
          CatalogRows.describe(connection, ref, catalog.now(), null, null, create.query(), null);
          return null;
        });
    return Outcome.ddl(create.type(), existing == null ? "CREATE" : "REPLACE", ref);
  }

  static void datasetInLocation(Catalog catalog, TableRef ref, Context context) {
    Catalog.Dataset dataset = catalog.requireDataset(ref.project(), ref.dataset());
    if (!Locations.same(dataset.location(), context.location())) {
      throw ApiError.notFound(
          "Dataset "
              + ref.project()
              + ":"
              + ref.dataset()
              + " was not found in location "
              + context.location());
    }
  }

  static String column(Field field) {
    return TableRef.quote(field.name())
        + " "
        + Types.duckdb(field.type())
        + (field.required() ? " NOT NULL" : "");
  }

  /** Descriptions as DuckDB comments: BigQuery's tables.get reads them back, and so can anyone. */
  static void comments(Statement sql, TableRef ref, List<Field> fields, String description)
      throws SQLException {
    for (Field field : fields) {
      if (field.description() != null) {
        sql.execute(
            "COMMENT ON COLUMN "
                + ref.duckdb()
                + "."
                + TableRef.quote(field.name())
                + " IS "
                + Dialect.literal(field.description()));
      }
    }
    if (description != null) {
      sql.execute("COMMENT ON TABLE " + ref.duckdb() + " IS " + Dialect.literal(description));
    }
  }
}
