package dev.ittybatch.local.bigquery;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The table a load writes into: there already, or made from the job's schema when allowed. */
final class LoadTarget {

  private LoadTarget() {}

  static Catalog.Table table(
      Catalog catalog,
      Access access,
      String identity,
      String method,
      TableRef target,
      JsonNode load)
      throws SQLException {
    Catalog.Table table = catalog.table(target);
    if (table != null) {
      if (table.view()) {
        throw ApiError.invalid("Cannot load into a view: " + target.display());
      }
      return table;
    }
    String create = load.path("createDisposition").asString("CREATE_IF_NEEDED");
    if (create.equals("CREATE_NEVER")) {
      throw ApiError.notFound("Table " + target.display());
    }
    JsonNode schema = load.path("schema");
    if (!schema.path("fields").isArray() || schema.path("fields").isEmpty()) {
      throw ApiError.invalid("No schema specified on job or table.");
    }
    JsonMapper json = JsonMapper.builder().build();
    tools.jackson.databind.node.ObjectNode body = json.createObjectNode();
    body.putObject("tableReference").put("tableId", target.table());
    body.set("schema", schema);
    new Tables(catalog, access, json, "")
        .insert(identity, target.project(), target.dataset(), body);
    return catalog.requireTable(target);
  }

  static boolean hasRows(Catalog catalog, TableRef target) throws SQLException {
    return catalog
        .database()
        .read(
            connection -> {
              try (Statement sql = connection.createStatement();
                  ResultSet any =
                      sql.executeQuery("SELECT 1 FROM " + target.duckdb() + " LIMIT 1")) {
                return any.next();
              }
            });
  }
}
