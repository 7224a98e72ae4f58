package dev.ittybatch.orchestrator.batch;

import com.google.cloud.bigquery.BigQuery;
import com.google.cloud.bigquery.BigQueryException;
import com.google.cloud.bigquery.DatasetId;
import com.google.cloud.bigquery.FormatOptions;
import com.google.cloud.bigquery.Job;
import com.google.cloud.bigquery.JobId;
import com.google.cloud.bigquery.JobInfo;
import com.google.cloud.bigquery.LoadJobConfiguration;
import com.google.cloud.bigquery.TableId;
import com.google.cloud.storage.Storage;
import dev.ittybatch.common.identity.GcsPath;
import dev.ittybatch.common.ledger.BatchRun;
import dev.ittybatch.common.ledger.LedgerEntry;
import dev.ittybatch.common.results.ResultsStoreException;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * The production ledger. Entries are written as an NDJSON file in the ledger folder and loaded with
 * a load job: load jobs are free and atomic, where streaming 1M ledger rows would be billed and
 * would sit in the streaming buffer. The file stays as a record of what the run enqueued. A load
 * job's id is derived from its file, so a retried call finds the job it already started instead of
 * loading the file twice. Reads are {@link BigQueryQueries}.
 */
final class BigQueryBatchStore implements BatchStore {

  /** BigQuery's TIMESTAMP text with an explicit offset, which load jobs read without guessing. */
  private static final DateTimeFormatter TIMESTAMP =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSSSSSxxx").withZone(ZoneOffset.UTC);

  private static final List<String> TIME_FIELDS =
      List.of("enqueued_at", "recorded_at", "started_at", "finished_at");

  private final BigQuery bigQuery;
  private final LedgerObjects objects;
  private final DatasetId dataset;
  private final String location;
  private final String runId;
  private final JsonMapper json;
  private final AtomicInteger files = new AtomicInteger();
  private final BatchQueries queries;

  /**
   * @param location the dataset's location, named on every job so it is found again after a 409
   * @param ledgerFolder where the NDJSON files go ({@code gs://bucket/prefix/}); the job's account
   *     may create objects there, and BigQuery reads them with the same account; claims go there
   *     too
   */
  BigQueryBatchStore(
      BigQuery bigQuery,
      Storage storage,
      DatasetId dataset,
      String location,
      GcsPath ledgerFolder,
      String runId,
      JsonMapper json) {
    this.bigQuery = bigQuery;
    this.objects = new LedgerObjects(storage, ledgerFolder);
    this.dataset = dataset;
    this.location = location;
    this.runId = runId;
    this.json = json;
    this.queries = BatchQueries.onBigQuery(bigQuery, dataset, location);
  }

  @Override
  public boolean claim(String batchId, String name) {
    return objects.claim(batchId, name);
  }

  @Override
  public void recordRun(BatchRun run) {
    load("batch_runs", List.of(run), run.batchId());
  }

  @Override
  public void recordEntries(List<LedgerEntry> entries) {
    if (!entries.isEmpty()) {
      load("batch_entries", entries, entries.get(0).batchId());
    }
  }

  private void load(String table, List<?> rows, String batchId) {
    String name =
        batchId
            + "/"
            + runId
            + "-"
            + String.format("%05d", files.incrementAndGet())
            + "-"
            + table
            + ".ndjson";
    String uri = objects.write(name, "application/x-ndjson", ndjson(rows));
    JobId id =
        JobId.newBuilder()
            .setProject(dataset.getProject())
            .setLocation(location)
            .setJob(jobId(uri))
            .build();
    LoadJobConfiguration load =
        LoadJobConfiguration.newBuilder(
                TableId.of(dataset.getProject(), dataset.getDataset(), table),
                uri,
                FormatOptions.json())
            .setWriteDisposition(JobInfo.WriteDisposition.WRITE_APPEND)
            .setCreateDisposition(JobInfo.CreateDisposition.CREATE_NEVER)
            .setIgnoreUnknownValues(false)
            .build();
    try {
      Job job;
      try {
        job = bigQuery.create(JobInfo.of(id, load));
      } catch (BigQueryException e) {
        if (e.getCode() != 409) {
          throw e;
        }
        job = bigQuery.getJob(id);
      }
      Job done = job == null ? null : job.waitFor();
      if (done == null) {
        throw new ResultsStoreException("ledger load job " + id.getJob() + " vanished");
      }
      if (done.getStatus().getError() != null) {
        throw new ResultsStoreException(
            "ledger load of " + uri + " into " + table + " failed: " + done.getStatus().getError());
      }
    } catch (BigQueryException e) {
      throw new ResultsStoreException("ledger load of " + uri + " failed: " + e, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ResultsStoreException("interrupted loading " + uri, e);
    }
  }

  private byte[] ndjson(List<?> rows) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (Object row : rows) {
      ObjectNode node = json.valueToTree(row);
      for (String field : TIME_FIELDS) {
        if (node.hasNonNull(field)) {
          node.put(field, TIMESTAMP.format(Instant.parse(node.get(field).asString())));
        }
      }
      out.writeBytes(json.writeValueAsBytes(node));
      out.write('\n');
    }
    return out.toByteArray();
  }

  static String jobId(String uri) {
    try {
      byte[] digest =
          MessageDigest.getInstance("SHA-256").digest(uri.getBytes(StandardCharsets.UTF_8));
      return "ittybatch_ledger_" + HexFormat.of().formatHex(digest, 0, 16);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JVM has SHA-256", e);
    }
  }

  @Override
  public void stream(
      String query, Map<String, String> parameters, Consumer<Map<String, Object>> rows) {
    queries.stream(query, parameters, rows);
  }
}
