package dev.ittybatch.local.bigquery;

import java.sql.SQLException;

/** Runs one statement of a plan by its kind. */
final class Steps {

  private final Statements statements;
  private final Ddl ddl;
  private final Alterations alterations;
  private final Grants grants;

  Steps(Statements statements, Ddl ddl, Alterations alterations, Grants grants) {
    this.statements = statements;
    this.ddl = ddl;
    this.alterations = alterations;
    this.grants = grants;
  }

  Outcome run(Plan.Step step, Context context) throws SQLException {
    Parsed statement = step.statement();
    if (statement instanceof Parsed.Query query) {
      return statements.run(query, step.translation(), context);
    }
    if (statement instanceof Parsed.CreateSchema create) {
      return ddl.createSchema(create, context, context.location());
    }
    if (statement instanceof Parsed.CreateTable create) {
      return ddl.createTable(create, context);
    }
    if (statement instanceof Parsed.CreateView create) {
      return ddl.createView(create, context);
    }
    if (statement instanceof Parsed.AlterTable alter) {
      return alterations.alterTable(alter, context);
    }
    if (statement instanceof Parsed.Drop drop) {
      return alterations.drop(drop, context);
    }
    return grants.run((Parsed.Grant) statement, context);
  }

  /**
   * DuckDB's refusal as BigQuery's: a query DuckDB cannot bind or run is the caller's mistake
   * ({@code invalidQuery}), anything else the stand-in's ({@code internalError}).
   */
  static ApiError fromDuckdb(Exception e) {
    if (e instanceof ApiError api) {
      return api;
    }
    if (e.getCause() instanceof ApiError api) {
      return api;
    }
    String message = String.valueOf(e.getMessage());
    int newline = message.indexOf('\n');
    String first = newline < 0 ? message : message.substring(0, newline);
    if (e instanceof SQLException) {
      return ApiError.invalidQuery("Query error: " + first);
    }
    return new ApiError(Reason.INTERNAL_ERROR, "The stand-in failed: " + e);
  }
}
