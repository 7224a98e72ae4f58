package dev.ittybatch.local.bigquery;

import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * The routes of BigQuery v2 the clients call, under {@code /bigquery/v2/} as google-cloud-bigquery
 * builds them (root URL {@code {host}/bigquery/v2/}: BQ/spi/v2/HttpBigQueryRpc.java L106-116; an
 * emulator without the prefix broke them, goccy#7). Every request names its caller (401 without a
 * token), names this project (404 otherwise), and fails in BigQuery's JSON error shape.
 */
final class Api {

  private static final Logger log = LoggerFactory.getLogger(Api.class);
  private static final String PREFIX = "/bigquery/v2/projects/";

  /** Letters, digits, underscores and dashes, at most 1,024 (JobReference.jobId reference). */
  private static final Pattern JOB_ID = Pattern.compile("[A-Za-z0-9_-]{1,1024}");

  private final BigQuerySettings settings;
  private final JsonMapper json;
  private final Access access;
  private final Catalog catalog;
  private final Jobs jobs;
  private final Tables tables;
  private final Ddl ddl;
  private final InsertAll insertAll;
  private final QueryJobs queryJobs;
  private final LoadJobs loadJobs;
  private final ResultPages pages;
  private final String baseUrl;

  Api(
      BigQuerySettings settings,
      JsonMapper json,
      Access access,
      Catalog catalog,
      Jobs jobs,
      Tables tables,
      Ddl ddl,
      InsertAll insertAll,
      QueryJobs queryJobs,
      LoadJobs loadJobs,
      ResultPages pages,
      String baseUrl) {
    this.settings = settings;
    this.json = json;
    this.access = access;
    this.catalog = catalog;
    this.jobs = jobs;
    this.tables = tables;
    this.ddl = ddl;
    this.insertAll = insertAll;
    this.queryJobs = queryJobs;
    this.loadJobs = loadJobs;
    this.pages = pages;
    this.baseUrl = baseUrl;
  }

  void handle(HttpExchange http) throws IOException {
    try (http) {
      // The JDK's server flushes the headers, then writes the body: on a kept-alive connection
      // the body waited for the client's delayed ACK of the headers (Nagle), about 45 ms a call
      // here. Closing pushes it out at once; a new loopback connection costs far less.
      http.getResponseHeaders().set("Connection", "close");
      Exchange exchange = new Exchange(http, json);
      try {
        exchange.send(200, route(exchange, http.getRequestURI().getRawPath()));
      } catch (ApiError e) {
        exchange.fail(e);
      } catch (SQLException | RuntimeException e) {
        log.warn(
            "BigQuery stand-in failed on {} {}", http.getRequestMethod(), http.getRequestURI(), e);
        exchange.fail(Steps.fromDuckdb(e));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        exchange.fail(new ApiError(Reason.INTERNAL_ERROR, "interrupted"));
      }
    }
  }

  private ObjectNode route(Exchange exchange, String rawPath)
      throws IOException, SQLException, InterruptedException {
    if (rawPath.startsWith("/upload/")) {
      throw new ApiError(
          Reason.BAD_REQUEST,
          "Uploads of local data are not served by the stand-in; load from gs://");
    }
    if (!rawPath.startsWith(PREFIX)) {
      throw ApiError.notFound("URL " + rawPath);
    }
    String[] path = rawPath.substring(PREFIX.length()).split("/", -1);
    for (int i = 0; i < path.length; i++) {
      path[i] = URLDecoder.decode(path[i].replace("+", "%2B"), StandardCharsets.UTF_8);
    }
    String identity = exchange.identity;
    access.authenticated(identity);
    String project = path[0];
    if (!project.equals(settings.project())) {
      throw ApiError.notFound("Project " + project);
    }
    String method = exchange.method();
    return switch (method + " " + shape(path)) {
      case "POST datasets" ->
          Datasets.insert(
              catalog, access, identity, project, body(exchange), settings.defaultLocation(), json);
      case "GET datasets/*" -> Datasets.get(catalog, access, identity, project, path[2], json);
      case "POST datasets/*/tables" -> tableInsert(identity, project, path[2], body(exchange));
      case "GET datasets/*/tables/*" ->
          tables.get(identity, new TableRef(project, path[2], path[4]));
      case "POST datasets/*/tables/*/insertAll" ->
          insertAll.insert(identity, new TableRef(project, path[2], path[4]), body(exchange));
      case "GET datasets/*/tables/*/data" ->
          pages.tableData(
              identity,
              new TableRef(project, path[2], path[4]),
              exchange.longParameter("maxResults"),
              exchange.parameter("pageToken"),
              exchange.longParameter("startIndex"),
              exchange.parameter("formatOptions.useInt64Timestamp") == null
                  ? null
                  : Boolean.parseBoolean(exchange.parameter("formatOptions.useInt64Timestamp")));
      case "POST queries" -> Queries.query(this, exchange, identity, project, body(exchange));
      case "GET queries/*" ->
          Queries.results(this, exchange, identity, job(exchange, project, path[2]));
      case "POST jobs" -> insertJob(identity, project, body(exchange));
      case "GET jobs/*" -> jobGet(identity, job(exchange, project, path[2]));
      default -> throw ApiError.notFound("URL " + method + " " + rawPath);
    };
  }

  private static String shape(String[] path) {
    StringBuilder shape = new StringBuilder();
    for (int i = 1; i < path.length; i++) {
      if (shape.length() > 0) {
        shape.append('/');
      }
      shape.append(i % 2 == 1 ? path[i] : "*");
    }
    return shape.toString();
  }

  private JsonNode body(Exchange exchange) throws IOException {
    return exchange.body(settings.maxRequestBytes());
  }

  private ObjectNode tableInsert(String identity, String project, String dataset, JsonNode body)
      throws SQLException {
    JsonNode view = body.path("view");
    if (view.isMissingNode() || view.isNull()) {
      return tables.insert(identity, project, dataset, body);
    }
    TableRef ref = ddl.createView(identity, project, dataset, body);
    return tables.resource(catalog.requireTable(ref));
  }

  private ObjectNode insertJob(String identity, String project, JsonNode body)
      throws InterruptedException {
    access.onProject(identity, "bigquery.jobs.insert", "bigquery.jobs.create", project);
    JsonNode reference = body.path("jobReference");
    String jobId = reference.path("jobId").asString(null);
    if (jobId != null && !JOB_ID.matcher(jobId).matches()) {
      throw ApiError.invalid(
          "Invalid job ID \""
              + jobId
              + "\". Job IDs must be alphanumeric (plus underscores and dashes) and"
              + " must be at most 1024 characters long.");
    }
    String location = reference.path("location").asString(null);
    JsonNode configuration = body.path("configuration");
    Job job;
    if (configuration.path("query").isObject()) {
      job =
          queryJobs.start(
              identity,
              "bigquery.jobs.insert",
              project,
              jobId,
              location,
              (ObjectNode) configuration.path("query").deepCopy());
    } else if (configuration.path("load").isObject()) {
      job =
          loadJobs.start(
              identity,
              project,
              jobId,
              location,
              (ObjectNode) configuration.path("load").deepCopy());
    } else {
      throw ApiError.invalid("The stand-in runs query and load jobs only");
    }
    if (!settings.jobsAnswerRunning()) {
      job.await(10_000);
    }
    return job.resource(json, baseUrl);
  }

  Job job(Exchange exchange, String project, String id) {
    Job job = jobs.find(project, id, exchange.parameter("location"));
    if (job == null) {
      throw ApiError.notFound("Job " + project + ":" + id);
    }
    return job;
  }

  private ObjectNode jobGet(String identity, Job job) {
    access.onJob(identity, "bigquery.jobs.get", job);
    return job.resource(json, baseUrl);
  }

  QueryJobs queryJobs() {
    return queryJobs;
  }

  Jobs jobs() {
    return jobs;
  }

  Access access() {
    return access;
  }

  ResultPages pages() {
    return pages;
  }

  JsonMapper json() {
    return json;
  }
}
