package dev.ittybatch.local.bigquery;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/** tables.get and tables.insert. */
final class Tables {

  private final Catalog catalog;
  private final Access access;
  private final JsonMapper json;
  private final String baseUrl;

  Tables(Catalog catalog, Access access, JsonMapper json, String baseUrl) {
    this.catalog = catalog;
    this.access = access;
    this.json = json;
    this.baseUrl = baseUrl;
  }

  ObjectNode get(String identity, TableRef ref) throws SQLException {
    access.onTable(identity, "bigquery.tables.get", "bigquery.tables.get", ref);
    return resource(catalog.requireTable(ref));
  }

  /**
   * tables.insert of a table from a schema (a view goes through {@link Ddl#createView}). Fields are
   * checked as the API checks them; REPEATED and RECORD fields are not held here.
   */
  ObjectNode insert(String identity, String project, String dataset, JsonNode body)
      throws SQLException {
    access.onDataset(
        identity, "bigquery.tables.insert", "bigquery.tables.create", project, dataset);
    catalog.requireDataset(project, dataset);
    String id = body.path("tableReference").path("tableId").asString("");
    // Letters, marks, digits, connectors, dashes and spaces, at most 1,024
    // (TableReference.tableId).
    if (!id.matches("[\\p{L}\\p{M}\\p{N}_\\- ]{1,1024}")) {
      throw ApiError.invalid("Invalid table ID \"" + id + "\".");
    }
    TableRef ref = new TableRef(project, dataset, id);
    if (catalog.table(ref) != null) {
      throw new ApiError(Reason.DUPLICATE, "Already Exists: Table " + ref.display());
    }
    List<Field> fields = fields(body.path("schema").path("fields"));
    if (fields.isEmpty()) {
      throw ApiError.invalid("Schema has no fields. Table: " + id);
    }
    String partitionField = partitionField(body.path("timePartitioning"), fields);
    List<String> clustering = new ArrayList<>();
    body.path("clustering").path("fields").forEach(f -> clustering.add(f.asString()));
    Partitioning.checkClustering(clustering, fields);
    String description =
        body.path("description").isString() ? body.path("description").asString() : null;
    catalog.change(
        ref,
        connection -> {
          try (Statement sql = connection.createStatement()) {
            List<String> columns = new ArrayList<>();
            fields.forEach(field -> columns.add(Ddl.column(field)));
            sql.execute("CREATE TABLE " + ref.duckdb() + " (" + String.join(", ", columns) + ")");
            Ddl.comments(sql, ref, fields, description);
          }
          CatalogRows.describe(
              connection, ref, catalog.now(), partitionField, clustering, null, description);
          return null;
        });
    return resource(catalog.requireTable(ref));
  }

  private static List<Field> fields(JsonNode list) {
    List<Field> fields = new ArrayList<>();
    Set<String> names = new HashSet<>();
    for (JsonNode field : list) {
      String name = field.path("name").asString("");
      // The rule for column names (schemas#column_names), before flexible names.
      if (!name.matches("[A-Za-z_][A-Za-z0-9_]{0,299}")) {
        throw ApiError.invalid(
            "Invalid field name \""
                + name
                + "\". Fields must contain only letters, numbers, and"
                + " underscores, start with a letter or underscore, and be at most 300 characters long.");
      }
      if (!names.add(name.toLowerCase())) {
        throw ApiError.invalid("Duplicate field name " + name);
      }
      String type = Types.api(field.path("type").asString(""));
      String mode = field.path("mode").asString("NULLABLE").toUpperCase();
      if (type == null || mode.equals("REPEATED")) {
        throw ApiError.invalid(
            "Field "
                + name
                + ": type "
                + field.path("type").asString("")
                + " in mode "
                + mode
                + " is not supported by the stand-in");
      }
      if (!mode.equals("NULLABLE") && !mode.equals("REQUIRED")) {
        throw ApiError.invalid("Invalid mode " + mode + " for field " + name);
      }
      String description =
          field.path("description").isString() ? field.path("description").asString() : null;
      fields.add(new Field(name, type, mode, description));
    }
    return fields;
  }

  private static String partitionField(JsonNode partitioning, List<Field> fields) {
    if (partitioning.isMissingNode() || partitioning.isNull()) {
      return null;
    }
    String name = partitioning.path("field").asString(null);
    if (name == null) {
      return null;
    }
    for (Field field : fields) {
      if (field.name().equalsIgnoreCase(name)) {
        if (!field.type().equals("TIMESTAMP") && !field.type().equals("DATE")) {
          throw ApiError.invalid(
              "The field specified for time partitioning can only be of type TIMESTAMP, DATE or"
                  + " DATETIME. The type found is: "
                  + field.type()
                  + ".");
        }
        return field.name();
      }
    }
    throw ApiError.invalid(
        "The field specified for time partitioning cannot be found in the schema: " + name);
  }

  ObjectNode resource(Catalog.Table table) throws SQLException {
    TableRef ref = table.ref();
    Catalog.Dataset dataset = catalog.requireDataset(ref.project(), ref.dataset());
    ObjectNode resource = json.createObjectNode();
    resource.put("kind", "bigquery#table");
    resource.put("etag", Long.toHexString(table.created()));
    resource.put("id", ref.display());
    resource.put(
        "selfLink",
        baseUrl
            + "/bigquery/v2/projects/"
            + ref.project()
            + "/datasets/"
            + ref.dataset()
            + "/tables/"
            + ref.table());
    ObjectNode reference = resource.putObject("tableReference");
    reference.put("projectId", ref.project());
    reference.put("datasetId", ref.dataset());
    reference.put("tableId", ref.table());
    resource.set("schema", Responses.schema(json, table.fields()));
    resource.put("type", table.view() ? "VIEW" : "TABLE");
    resource.put("location", dataset.location());
    resource.put("creationTime", Long.toString(table.created()));
    resource.put("lastModifiedTime", Long.toString(table.created()));
    if (table.description() != null) {
      resource.put("description", table.description());
    }
    if (table.view()) {
      ObjectNode view = resource.putObject("view");
      view.put("query", table.viewQuery());
      view.put("useLegacySql", false);
      return resource;
    }
    resource.put("numRows", Long.toString(rows(ref)));
    if (table.partitionField() != null) {
      resource
          .putObject("timePartitioning")
          .put("type", "DAY")
          .put("field", table.partitionField());
    }
    if (!table.clustering().isEmpty()) {
      table.clustering().forEach(resource.putObject("clustering").putArray("fields")::add);
    }
    return resource;
  }

  private long rows(TableRef ref) throws SQLException {
    return catalog
        .database()
        .read(
            connection -> {
              try (Statement sql = connection.createStatement();
                  ResultSet count = sql.executeQuery("SELECT count(*) FROM " + ref.duckdb())) {
                count.next();
                return count.getLong(1);
              }
            });
  }
}
