package dev.ittybatch.local.bigquery;

import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Query jobs, from jobs.query and jobs.insert alike: planned, registered under their project and
 * location, run on the query threads, their rows kept as the job's anonymous results table.
 */
final class QueryJobs {

  private final Catalog catalog;
  private final Jobs jobs;
  private final Steps steps;
  private final Map<TableRef, ViewAccelerator> accelerators;
  private final ExecutorService executor;
  private final String defaultLocation;
  private final JsonMapper json;
  private final Plans plans = new Plans();

  QueryJobs(
      Catalog catalog,
      Jobs jobs,
      Steps steps,
      Map<TableRef, ViewAccelerator> accelerators,
      ExecutorService executor,
      String defaultLocation,
      JsonMapper json) {
    this.catalog = catalog;
    this.jobs = jobs;
    this.steps = steps;
    this.accelerators = accelerators;
    this.executor = executor;
    this.defaultLocation = defaultLocation;
    this.json = json;
  }

  /**
   * Creates and starts a query job.
   *
   * @param jobId the caller's id, or null for one of the server's
   * @param location the location the caller gave, or null
   * @param query {@code configuration.query} as sent (jobs.query's fields gathered the same way)
   */
  Job start(
      String identity,
      String method,
      String project,
      String jobId,
      String location,
      ObjectNode query) {
    // useLegacySql defaults to true in the API (JobConfigurationQuery, QueryRequest); the Java
    // client always sends false, bq does not. Only GoogleSQL runs here.
    if (!query.path("useLegacySql").isBoolean() || query.path("useLegacySql").asBoolean()) {
      throw ApiError.invalid(
          "The stand-in runs GoogleSQL only, and this request asks for legacy SQL"
              + " (useLegacySql is true when not set)");
    }
    if (query.hasNonNull("destinationTable")) {
      throw ApiError.invalid("A query's destinationTable is not supported by the stand-in");
    }
    String sql = query.path("query").asString("");
    if (sql.isBlank()) {
      throw ApiError.invalid("Query text is empty");
    }
    JsonNode defaults = query.path("defaultDataset");
    String defaultDataset = defaults.path("datasetId").asString(null);
    Plan plan = null;
    ApiError planError = null;
    try {
      plan = plans.of(sql, project, defaultDataset, accelerators);
    } catch (ApiError e) {
      planError = e;
    }
    String jobLocation =
        location != null && !location.isEmpty()
            ? location
            : plan == null ? null : plan.dataLocation(catalog);
    jobLocation = Locations.normalize(jobLocation == null ? defaultLocation : jobLocation);
    String id = jobId != null ? jobId : "job_" + UUID.randomUUID().toString().replace("-", "_");
    TableRef destination = Jobs.anonymous(project, identity, Jobs.key(project, jobLocation, id));
    ObjectNode configuration = json.createObjectNode();
    ObjectNode echoed = configuration.putObject("query");
    echoed.setAll(query);
    ObjectNode table = echoed.putObject("destinationTable");
    table.put("projectId", destination.project());
    table.put("datasetId", destination.dataset());
    table.put("tableId", destination.table());
    echoed.put("writeDisposition", "WRITE_TRUNCATE");
    echoed.put("createDisposition", "CREATE_IF_NEEDED");
    echoed.put("priority", query.path("priority").asString("INTERACTIVE"));
    Job job = new Job(project, id, jobLocation, identity, catalog.now(), "query", configuration);
    jobs.register(job, destination);
    if (planError != null) {
      job.failed(catalog.now(), planError, List.of(), null);
      return job;
    }
    Context context =
        new Context(
            identity,
            method,
            project,
            defaultDataset,
            jobLocation,
            new Parameters(query.path("queryParameters")));
    Plan planned = plan;
    try {
      executor.execute(() -> run(job, planned, context));
    } catch (RejectedExecutionException e) {
      job.failed(
          catalog.now(),
          new ApiError(Reason.INTERNAL_ERROR, "The stand-in is shutting down"),
          List.of(),
          null);
    }
    return job;
  }

  private void run(Job job, Plan plan, Context context) {
    job.started(catalog.now());
    try {
      Outcome last = null;
      Outcome withRows = null;
      for (Plan.Step step : plan.steps()) {
        last = steps.run(step, context);
        if (last.result() != null) {
          withRows = last;
        }
      }
      job.succeeded(
          catalog.now(),
          statistics(plan, last, withRows),
          withRows == null ? null : withRows.result());
    } catch (ApiError e) {
      job.failed(catalog.now(), e, List.of(), null);
    } catch (SQLException | RuntimeException e) {
      job.failed(catalog.now(), Steps.fromDuckdb(e), List.of(), null);
    }
  }

  private ObjectNode statistics(Plan plan, Outcome last, Outcome withRows) {
    ObjectNode stats = json.createObjectNode();
    stats.put("statementType", plan.statementType());
    stats.put("totalBytesProcessed", "0");
    stats.put("totalBytesBilled", "0");
    stats.put("totalSlotMs", "0");
    stats.put("cacheHit", false);
    if (withRows != null) {
      ObjectNode schema = stats.putObject("schema");
      Responses.fields(schema.putArray("fields"), withRows.result().fields());
    }
    if (last.dmlRows() != null) {
      stats.put("numDmlAffectedRows", Long.toString(last.dmlRows()));
    }
    if (last.ddlOperation() != null) {
      stats.put("ddlOperationPerformed", last.ddlOperation());
    }
    TableRef target = last.target();
    if (target != null && last.dmlRows() == null) {
      ObjectNode reference = json.createObjectNode();
      reference.put("projectId", target.project());
      reference.put("datasetId", target.dataset());
      String prefix =
          last.statementType().startsWith("GRANT") || last.statementType().startsWith("REVOKE")
              ? "dcl"
              : "ddl";
      if (target.table() == null) {
        stats.set(prefix + "TargetDataset", reference);
      } else {
        reference.put("tableId", target.table());
        stats.set(prefix + "TargetTable", reference);
      }
    }
    return stats;
  }
}
