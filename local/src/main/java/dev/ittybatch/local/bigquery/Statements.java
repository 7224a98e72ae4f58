package dev.ittybatch.local.bigquery;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Runs queries and DML: every table named must exist in the job's location and be readable by the
 * caller (a view's tables too: querying-data, "Data Viewer on every table or view referenced and,
 * for views, on underlying tables"); then the translated text runs on a connection of its own.
 */
final class Statements {

  private final Catalog catalog;
  private final Access access;
  private final Map<TableRef, ViewAccelerator> accelerators;
  private final StreamingBuffer buffer;

  Statements(
      Catalog catalog,
      Access access,
      Map<TableRef, ViewAccelerator> accelerators,
      StreamingBuffer buffer) {
    this.catalog = catalog;
    this.access = access;
    this.accelerators = accelerators;
    this.buffer = buffer;
  }

  Outcome run(Parsed.Query query, Translator.Translation translation, Context context)
      throws SQLException {
    Set<TableRef> accelerated = new HashSet<>();
    for (TableRef table : translation.reads()) {
      readable(table, context, new HashSet<>());
      if (accelerators.containsKey(table)) {
        accelerated.add(table);
      }
    }
    if (query.target() != null) {
      Catalog.Table target = located(query.target(), context);
      if (target.view()) {
        throw ApiError.invalidQuery(
            query.type() + " is not supported on a view: " + target.ref().display());
      }
      access.onTable(
          context.identity(), context.method(), "bigquery.tables.updateData", query.target());
      if (!query.type().equals("INSERT") && !hasWhere(query.tokens())) {
        // "DELETE must have a WHERE clause" / "UPDATE must have a WHERE clause" (DML reference).
        throw ApiError.invalidQuery(query.type() + " must have a WHERE clause");
      }
      if (!query.type().equals("INSERT")) {
        buffer.checkChangeable(query.type(), query.target());
      }
    }
    String sql = translation.sql();
    return catalog
        .database()
        .read(
            connection -> {
              for (TableRef view : accelerated) {
                accelerators.get(view).refresh(connection);
              }
              try (PreparedStatement statement = connection.prepareStatement(sql)) {
                context.parameters().bind(connection, statement, translation.parameters(), sql);
                if (query.target() == null) {
                  try (ResultSet rows = statement.executeQuery()) {
                    return new Outcome("SELECT", Result.read(rows), null, null, null);
                  }
                }
                long count = statement.executeLargeUpdate();
                return new Outcome(query.type(), null, count, null, query.target());
              }
            });
  }

  /** Checks the caller may read a table or view, and for a view its own tables, recursively. */
  private void readable(TableRef table, Context context, Set<TableRef> seen) throws SQLException {
    if (!seen.add(table)) {
      return;
    }
    Catalog.Table found = located(table, context);
    access.onTable(context.identity(), context.method(), "bigquery.tables.getData", table);
    if (found.view()) {
      for (TableRef base : baseTables(found)) {
        readable(base, context, seen);
      }
    }
  }

  /** The table, which must exist in the job's location. */
  Catalog.Table located(TableRef table, Context context) throws SQLException {
    Catalog.Dataset dataset = catalog.dataset(table.project(), table.dataset());
    Catalog.Table found = dataset == null ? null : catalog.table(table);
    if (found == null) {
      throw ApiError.notFound(
          "Table " + table.display() + " was not found in location " + context.location());
    }
    if (!Locations.same(dataset.location(), context.location())) {
      throw ApiError.notFound(
          "Dataset "
              + table.project()
              + ":"
              + table.dataset()
              + " was not found in location "
              + context.location());
    }
    return found;
  }

  /** The tables and views a view's GoogleSQL names, resolved as from its own dataset. */
  static Set<TableRef> baseTables(Catalog.Table view) {
    List<Token> tokens = Lexer.tokens(view.viewQuery());
    Naming naming = new Naming(view.ref().project(), view.ref().dataset(), Map.of());
    return new LinkedHashSet<>(Translator.translate(view.viewQuery(), tokens, naming).reads());
  }

  private static boolean hasWhere(List<Token> tokens) {
    int depth = 0;
    for (Token token : tokens) {
      if (token.isSymbol("(")) {
        depth++;
      } else if (token.isSymbol(")")) {
        depth--;
      } else if (depth == 0 && token.is("WHERE")) {
        return true;
      }
    }
    return false;
  }
}
