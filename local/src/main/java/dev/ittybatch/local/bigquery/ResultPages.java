package dev.ittybatch.local.bigquery;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * The answers that carry rows: jobs.query and getQueryResults for a job, tabledata.list for a job's
 * anonymous results or a table. {@code jobComplete} is always there (the client unboxes it), and a
 * success never carries {@code errors}, not even empty (the client throws on any: reference section
 * 2, BQ/BigQueryImpl.queryRpc).
 */
final class ResultPages {

  private final Catalog catalog;
  private final Access access;
  private final Jobs jobs;
  private final JsonMapper json;
  private final long pageBytes;

  ResultPages(Catalog catalog, Access access, Jobs jobs, JsonMapper json, long pageBytes) {
    this.catalog = catalog;
    this.access = access;
    this.jobs = jobs;
    this.json = json;
    this.pageBytes = pageBytes;
  }

  /** A finished job's answer, or the job's error thrown as the HTTP error BigQuery gives. */
  ObjectNode queryResponse(
      Job job, String kind, Long maxResults, String pageToken, Long startIndex, boolean int64) {
    ObjectNode response = json.createObjectNode();
    response.put("kind", kind);
    response.set("jobReference", job.reference(json));
    if (!job.isDone()) {
      response.put("jobComplete", false);
      return response;
    }
    if (job.error() != null) {
      throw job.error();
    }
    response.put("jobComplete", true);
    response.put("totalBytesProcessed", "0");
    response.put("cacheHit", false);
    ObjectNode statistics = job.statistics();
    if (statistics != null && statistics.has("numDmlAffectedRows")) {
      response.put("numDmlAffectedRows", statistics.get("numDmlAffectedRows").asString());
    }
    Result result = job.result();
    if (statistics == null || !statistics.has("schema")) {
      response.put("totalRows", "0");
      return response;
    }
    TableRef destination = destination(job);
    if (result == null) {
      throw ApiError.notFound("Table " + destination.display());
    }
    response.set("schema", Responses.schema(json, result.fields()));
    long total = result.rows().size();
    response.put("totalRows", Long.toString(total));
    if (maxResults != null && maxResults == 0) {
      return response;
    }
    long offset = start(pageToken, startIndex, destination);
    Responses.Page page =
        Responses.page(json, result, 0, offset, total, maxResults, pageBytes, destination, int64);
    response.set("rows", page.rows());
    if (page.next() != null) {
      response.put("pageToken", page.next());
    }
    return response;
  }

  /** tabledata.list of a job's anonymous results, or of a table. */
  ObjectNode tableData(
      String identity,
      TableRef table,
      Long maxResults,
      String pageToken,
      Long startIndex,
      Boolean int64)
      throws SQLException {
    String method = "bigquery.tabledata.list";
    Job job = jobs.byDestination(table);
    ObjectNode response = json.createObjectNode();
    response.put("kind", "bigquery#tableDataList");
    long offset = start(pageToken, startIndex, table);
    if (job != null) {
      access.onResults(identity, method, job, table);
      Result result = job.result();
      if (result == null) {
        throw ApiError.notFound("Table " + table.display());
      }
      // The client sends formatOptions on jobs.query only and decodes every page by it, so a
      // job's pages keep the encoding its first one had (reference section 3).
      boolean int64Timestamps = int64 != null ? int64 : job.int64Timestamps;
      long total = result.rows().size();
      response.put("etag", Long.toHexString(job.created));
      response.put("totalRows", Long.toString(total));
      return withPage(
          response,
          Responses.page(
              json, result, 0, offset, total, maxResults, pageBytes, table, int64Timestamps));
    }
    access.onTable(identity, method, "bigquery.tables.getData", table);
    Catalog.Table found = catalog.requireTable(table);
    if (found.view()) {
      // tabledata.list reads stored rows; a view has none (tabledata/list reference).
      throw ApiError.invalid("Cannot list a table of type VIEW.");
    }
    long limit = maxResults == null ? 100_000 : maxResults;
    Object[] read =
        catalog
            .database()
            .read(
                connection -> {
                  long total;
                  try (Statement count = connection.createStatement();
                      ResultSet rows =
                          count.executeQuery("SELECT count(*) FROM " + table.duckdb())) {
                    rows.next();
                    total = rows.getLong(1);
                  }
                  try (PreparedStatement select =
                      connection.prepareStatement(
                          "SELECT * FROM " + table.duckdb() + " ORDER BY rowid LIMIT ? OFFSET ?")) {
                    select.setLong(1, limit);
                    select.setLong(2, offset);
                    try (ResultSet rows = select.executeQuery()) {
                      return new Object[] {total, Result.read(rows)};
                    }
                  }
                });
    long total = (Long) read[0];
    response.put("etag", Long.toHexString(total));
    response.put("totalRows", Long.toString(total));
    return withPage(
        response,
        Responses.page(
            json,
            (Result) read[1],
            offset,
            offset,
            total,
            limit,
            pageBytes,
            table,
            Boolean.TRUE.equals(int64)));
  }

  private static ObjectNode withPage(ObjectNode response, Responses.Page page) {
    if (!page.rows().isEmpty()) {
      response.set("rows", page.rows());
    }
    if (page.next() != null) {
      response.put("pageToken", page.next());
    }
    return response;
  }

  private static long start(String pageToken, Long startIndex, TableRef table) {
    if (pageToken != null && !pageToken.isEmpty()) {
      return Responses.offset(pageToken, table);
    }
    return startIndex == null ? 0 : startIndex;
  }

  static TableRef destination(Job job) {
    ObjectNode table = (ObjectNode) job.configuration.path("query").path("destinationTable");
    return new TableRef(
        table.path("projectId").asString(),
        table.path("datasetId").asString(),
        table.path("tableId").asString());
  }
}
