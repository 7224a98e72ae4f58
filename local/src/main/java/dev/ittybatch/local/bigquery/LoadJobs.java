package dev.ittybatch.local.bigquery;

import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Load jobs of newline-delimited JSON from {@code gs://} (loading-data-cloud-storage-json): unknown
 * fields and bad values refused as BigQuery refuses them (the job ends DONE with errorResult and
 * errors[]: reference section 5), WRITE_APPEND and CREATE_IF_NEEDED the API's defaults,
 * CREATE_NEVER and WRITE_EMPTY honoured, the bucket's location checked against the dataset's, and
 * all the rows written in one transaction or none.
 */
final class LoadJobs {

  private final Catalog catalog;
  private final Access access;
  private final Jobs jobs;
  private final Writer writer;
  private final LoadFiles files;
  private final ExecutorService executor;
  private final String defaultLocation;
  private final JsonMapper json;

  LoadJobs(
      Catalog catalog,
      Access access,
      Jobs jobs,
      Writer writer,
      CloudStorageSource storage,
      ExecutorService executor,
      String defaultLocation,
      JsonMapper json) {
    this.catalog = catalog;
    this.access = access;
    this.jobs = jobs;
    this.writer = writer;
    this.files = new LoadFiles(storage, json);
    this.executor = executor;
    this.defaultLocation = defaultLocation;
    this.json = json;
  }

  Job start(String identity, String project, String jobId, String location, ObjectNode load) {
    JsonNode destination = load.path("destinationTable");
    if (!destination.path("tableId").isString() || !load.path("sourceUris").isArray()) {
      throw ApiError.invalid("A load job needs destinationTable and sourceUris");
    }
    TableRef target =
        new TableRef(
            destination.path("projectId").asString(project),
            destination.path("datasetId").asString(""),
            destination.path("tableId").asString());
    Catalog.Dataset dataset = catalog.dataset(target.project(), target.dataset());
    String jobLocation =
        Locations.normalize(
            location != null && !location.isEmpty()
                ? location
                : dataset != null ? dataset.location() : defaultLocation);
    String id = jobId != null ? jobId : "job_" + UUID.randomUUID().toString().replace("-", "_");
    ObjectNode configuration = json.createObjectNode();
    configuration.set("load", load);
    Job job = new Job(project, id, jobLocation, identity, catalog.now(), "load", configuration);
    jobs.register(job, null);
    executor.execute(
        () -> {
          job.started(catalog.now());
          try {
            job.succeeded(catalog.now(), run(identity, target, jobLocation, load), null);
          } catch (LoadFailed e) {
            job.failed(catalog.now(), e.error, e.errors, null);
          } catch (ApiError e) {
            job.failed(catalog.now(), e, List.of(), null);
          } catch (SQLException | RuntimeException e) {
            job.failed(catalog.now(), Steps.fromDuckdb(e), List.of(), null);
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            job.failed(
                catalog.now(), new ApiError(Reason.INTERNAL_ERROR, "interrupted"), List.of(), null);
          }
        });
    return job;
  }

  /** A load that read its files and found too many bad rows. */
  private static final class LoadFailed extends Exception {
    final ApiError error;
    final List<ApiError> errors;

    LoadFailed(ApiError error, List<ApiError> errors) {
      super(error.getMessage());
      this.error = error;
      this.errors = errors;
    }
  }

  private ObjectNode run(String identity, TableRef target, String location, JsonNode load)
      throws LoadFailed, SQLException, InterruptedException {
    String method = "bigquery.jobs.insert";
    Catalog.Dataset dataset = catalog.requireDataset(target.project(), target.dataset());
    if (!Locations.same(dataset.location(), location)) {
      throw ApiError.notFound(
          "Dataset "
              + target.project()
              + ":"
              + target.dataset()
              + " was not found in location "
              + location);
    }
    String format = load.path("sourceFormat").asString("CSV");
    if (!format.equals("NEWLINE_DELIMITED_JSON")) {
      throw ApiError.invalid(
          "The stand-in loads NEWLINE_DELIMITED_JSON only; this load's sourceFormat is "
              + format
              + " (CSV when none is given)");
    }
    if (load.path("autodetect").asBoolean(false) || load.path("schemaUpdateOptions").size() > 0) {
      throw ApiError.invalid(
          "autodetect and schemaUpdateOptions are not supported by the stand-in");
    }
    Catalog.Table table = LoadTarget.table(catalog, access, identity, method, target, load);
    access.onTable(identity, method, "bigquery.tables.updateData", target);
    RowChecker checker =
        new RowChecker(table.fields(), load.path("ignoreUnknownValues").asBoolean(false));
    long maxBad = load.path("maxBadRecords").asLong(0);
    List<Object[]> rows = new ArrayList<>();
    List<ApiError> problems = new ArrayList<>();
    long[] badRows = {0};
    long bytes = 0;
    long read = 0;
    String firstUri = null;
    for (JsonNode source : load.path("sourceUris")) {
      String uri = source.asString("");
      firstUri = firstUri == null ? uri : firstUri;
      byte[] content = files.read(identity, uri, dataset.location());
      bytes += content.length;
      read += files.parse(content, uri, checker, rows, problems, badRows);
    }
    if (badRows[0] > maxBad) {
      ApiError summary =
          new ApiError(
              Reason.INVALID,
              "Error while reading data, error message: JSON table encountered too many errors,"
                  + " giving up. Rows: "
                  + read
                  + "; errors: "
                  + problems.size()
                  + ". Please look into the errors[] collection for more details.",
              firstUri);
      List<ApiError> all = new ArrayList<>();
      all.add(summary);
      all.addAll(problems.subList(0, Math.min(problems.size(), 100)));
      throw new LoadFailed(summary, all);
    }
    String write = load.path("writeDisposition").asString("WRITE_APPEND");
    if (write.equals("WRITE_EMPTY") && LoadTarget.hasRows(catalog, target)) {
      throw new ApiError(Reason.DUPLICATE, "Already Exists: Table " + target.display());
    }
    try {
      writer.load(target, table.fields(), rows, write.equals("WRITE_TRUNCATE")).get();
    } catch (ExecutionException e) {
      throw Steps.fromDuckdb((Exception) e.getCause());
    }
    ObjectNode statistics = json.createObjectNode();
    statistics.put("inputFiles", Integer.toString(load.path("sourceUris").size()));
    statistics.put("inputFileBytes", Long.toString(bytes));
    statistics.put("outputRows", Integer.toString(rows.size()));
    statistics.put("badRecords", Long.toString(badRows[0]));
    return statistics;
  }
}
