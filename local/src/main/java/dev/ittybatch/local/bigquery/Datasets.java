package dev.ittybatch.local.bigquery;

import java.sql.SQLException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/** datasets.get, datasets.insert and DROP SCHEMA. */
final class Datasets {

  private Datasets() {}

  static ObjectNode get(
      Catalog catalog, Access access, String identity, String project, String id, JsonMapper json) {
    access.onDataset(identity, "bigquery.datasets.get", "bigquery.datasets.get", project, id);
    return resource(catalog.requireDataset(project, id), json);
  }

  /**
   * datasets.insert: the location defaults to US, as BigQuery's does ("The default location is US",
   * datasets reference); an existing id answers 409 duplicate.
   */
  static ObjectNode insert(
      Catalog catalog,
      Access access,
      String identity,
      String project,
      JsonNode body,
      String defaultLocation,
      JsonMapper json)
      throws SQLException {
    access.onProject(identity, "bigquery.datasets.insert", "bigquery.datasets.create", project);
    JsonNode reference = body.path("datasetReference");
    String id = reference.path("datasetId").asString("");
    // Letters, digits and underscores, at most 1,024 (DatasetReference.datasetId reference).
    if (!id.matches("[A-Za-z0-9_]{1,1024}")) {
      throw ApiError.invalid(
          "Invalid dataset ID \""
              + id
              + "\". Dataset IDs must be alphanumeric (plus underscores)"
              + " and must be at most 1024 characters long.");
    }
    if (id.equals(Database.META)) {
      throw ApiError.invalid("The dataset name " + id + " is kept by the stand-in for itself");
    }
    String location = body.path("location").asString("");
    Catalog.Dataset dataset =
        new Catalog.Dataset(
            project,
            id,
            Locations.normalize(location.isEmpty() ? defaultLocation : location),
            body.path("description").isString() ? body.path("description").asString() : null,
            catalog.now());
    if (!catalog.createDataset(dataset)) {
      throw new ApiError(Reason.DUPLICATE, "Already Exists: Dataset " + project + ":" + id);
    }
    return resource(dataset, json);
  }

  static Outcome drop(Catalog catalog, Access access, Parsed.Drop drop, Context context)
      throws SQLException {
    TableRef ref = drop.target();
    Catalog.Dataset dataset = catalog.dataset(ref.project(), ref.dataset());
    if (dataset == null) {
      if (drop.ifExists()) {
        return Outcome.ddl(drop.type(), "SKIP", ref);
      }
      throw ApiError.notFound("Dataset " + ref.project() + ":" + ref.dataset());
    }
    access.onDataset(
        context.identity(),
        context.method(),
        "bigquery.datasets.delete",
        ref.project(),
        ref.dataset());
    catalog.dropDataset(dataset, drop.cascade());
    return Outcome.ddl(drop.type(), "DROP", ref);
  }

  static ObjectNode resource(Catalog.Dataset dataset, JsonMapper json) {
    ObjectNode resource = json.createObjectNode();
    resource.put("kind", "bigquery#dataset");
    resource.put("etag", Long.toHexString(dataset.created()));
    resource.put("id", dataset.project() + ":" + dataset.dataset());
    ObjectNode reference = resource.putObject("datasetReference");
    reference.put("projectId", dataset.project());
    reference.put("datasetId", dataset.dataset());
    resource.put("location", dataset.location());
    if (dataset.description() != null) {
      resource.put("description", dataset.description());
    }
    resource.put("creationTime", Long.toString(dataset.created()));
    resource.put("lastModifiedTime", Long.toString(dataset.created()));
    resource.put("type", "DEFAULT");
    return resource;
  }
}
