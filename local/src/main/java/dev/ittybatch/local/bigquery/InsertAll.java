package dev.ittybatch.local.bigquery;

import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * tabledata.insertAll as BigQuery answers it (tabledata/insertAll reference; reference section 4):
 * HTTP 200 with per-row {@code insertErrors}; a bad row gets reason {@code invalid} with the field
 * in {@code location}, and unless {@code skipInvalidRows} every other row gets {@code stopped} and
 * nothing is written. Rows whose {@code insertId} was seen within the window are taken as written.
 */
final class InsertAll {

  private final Catalog catalog;
  private final Access access;
  private final Writer writer;
  private final InsertIds insertIds;
  private final StreamingBuffer buffer;
  private final int maxRows;
  private final JsonMapper json;

  InsertAll(
      Catalog catalog,
      Access access,
      Writer writer,
      InsertIds insertIds,
      StreamingBuffer buffer,
      int maxRows,
      JsonMapper json) {
    this.catalog = catalog;
    this.access = access;
    this.writer = writer;
    this.insertIds = insertIds;
    this.buffer = buffer;
    this.maxRows = maxRows;
    this.json = json;
  }

  ObjectNode insert(String identity, TableRef ref, JsonNode body)
      throws SQLException, InterruptedException {
    String method = "bigquery.tabledata.insertAll";
    // Three permissions, as streaming-data-into-bigquery lists them.
    access.onTable(identity, method, "bigquery.tables.updateData", ref);
    access.onTable(identity, method, "bigquery.tables.get", ref);
    access.onDataset(identity, method, "bigquery.datasets.get", ref.project(), ref.dataset());
    Catalog.Table table = catalog.requireTable(ref);
    if (table.view()) {
      throw ApiError.invalid("Cannot insert rows into a view: " + ref.display());
    }
    if (body.hasNonNull("templateSuffix")) {
      throw ApiError.invalid("templateSuffix is not supported by the stand-in");
    }
    JsonNode rows = body.path("rows");
    if (!rows.isArray() || rows.isEmpty()) {
      throw ApiError.invalid("No rows present in the request.");
    }
    if (rows.size() > maxRows) {
      // The documented limit of rows per request (quotas#streaming_inserts); wording unconfirmed.
      throw ApiError.invalid(
          "too many rows present in the request, limit: "
              + maxRows
              + " row count: "
              + rows.size()
              + ".");
    }
    boolean skipInvalid = body.path("skipInvalidRows").asBoolean(false);
    RowChecker checker =
        new RowChecker(table.fields(), body.path("ignoreUnknownValues").asBoolean(false));
    List<Object[]> valid = new ArrayList<>();
    List<String> validIds = new ArrayList<>();
    ArrayNode errors = json.createArrayNode();
    Set<Integer> invalid = new HashSet<>();
    Set<String> inRequest = new HashSet<>();
    for (int i = 0; i < rows.size(); i++) {
      JsonNode row = rows.get(i);
      List<RowChecker.Problem> problems = RowChecker.none();
      Object[] values =
          checker.check(row.get("json"), problems, field -> "no such field: " + field + ".");
      if (values == null) {
        invalid.add(i);
        ObjectNode error = errors.addObject();
        error.put("index", i);
        ArrayNode list = error.putArray("errors");
        for (RowChecker.Problem problem : problems) {
          list.addObject()
              .put("reason", "invalid")
              .put("location", problem.field())
              .put("debugInfo", "")
              .put("message", problem.message());
        }
        continue;
      }
      String id = row.path("insertId").asString(null);
      if (insertIds.seen(ref, id) || (id != null && !inRequest.add(id))) {
        continue;
      }
      valid.add(values);
      validIds.add(id);
    }
    if (!invalid.isEmpty() && !skipInvalid) {
      for (int i = 0; i < rows.size(); i++) {
        if (!invalid.contains(i)) {
          ObjectNode stopped = errors.addObject();
          stopped.put("index", i);
          stopped
              .putArray("errors")
              .addObject()
              .put("reason", "stopped")
              .put("location", "")
              .put("debugInfo", "")
              .put("message", "");
        }
      }
      return answer(errors);
    }
    if (!valid.isEmpty()) {
      try {
        writer.append(ref, table.fields(), valid).get();
      } catch (ExecutionException e) {
        throw new ApiError(
            Reason.INTERNAL_ERROR, "The rows could not be written: " + e.getCause().getMessage());
      }
      validIds.forEach(id -> insertIds.remember(ref, id));
      buffer.streamed(ref);
    }
    return answer(errors);
  }

  private ObjectNode answer(ArrayNode errors) {
    ObjectNode response = json.createObjectNode();
    response.put("kind", "bigquery#tableDataInsertAllResponse");
    if (!errors.isEmpty()) {
      // insertErrors in index order; left out when no row failed.
      List<JsonNode> sorted = new ArrayList<>();
      errors.forEach(sorted::add);
      sorted.sort((a, b) -> Integer.compare(a.get("index").asInt(), b.get("index").asInt()));
      ArrayNode ordered = response.putArray("insertErrors");
      sorted.forEach(ordered::add);
    }
    return response;
  }
}
