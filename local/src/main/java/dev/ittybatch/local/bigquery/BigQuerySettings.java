package dev.ittybatch.local.bigquery;

import dev.ittybatch.local.iam.CallLog;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;

/**
 * The BigQuery stand-in's knobs.
 *
 * @param file the DuckDB file that holds the data (and stays for the DuckDB CLI afterwards)
 * @param project the one project served; others answer 404
 * @param defaultLocation where datasets and jobs go when nobody says: US, as in BigQuery
 * @param calls every call is checked and recorded here
 * @param storage where load jobs read gs:// objects; null refuses every load
 * @param insertIdWindow how long an insertId is remembered (zero: never)
 * @param streamingBuffer how long after insertAll a table refuses UPDATE, DELETE and MERGE (about
 *     30 minutes in BigQuery; zero: never)
 * @param maxRequestBytes a request body larger than this is refused (10 MB in BigQuery)
 * @param maxRowsPerInsert rows one insertAll may carry (50,000 in BigQuery)
 * @param pageBytes about how many bytes of cells one page of rows holds
 * @param queryThreads queries (and loads) that run at once, each on its own connection
 * @param jobRetention how long jobs are kept (their ids stay taken as long)
 * @param rowRetention how long a query's rows are kept for paging
 * @param jobsAnswerRunning jobs.insert answers before the job ends, so clients poll, as they must
 *     with BigQuery; off, it waits for short jobs to end first (a load then costs no poll)
 */
public record BigQuerySettings(
    Path file,
    String project,
    String defaultLocation,
    CallLog calls,
    CloudStorageSource storage,
    Clock clock,
    Duration insertIdWindow,
    Duration streamingBuffer,
    long maxRequestBytes,
    int maxRowsPerInsert,
    long pageBytes,
    int queryThreads,
    Duration jobRetention,
    Duration rowRetention,
    boolean jobsAnswerRunning) {

  public static BigQuerySettings of(Path file, String project) {
    return new BigQuerySettings(
        file,
        project,
        "US",
        CallLog.allowingAll(),
        null,
        Clock.systemUTC(),
        Duration.ofMinutes(1),
        Duration.ofMinutes(30),
        10L * 1024 * 1024,
        50_000,
        10L * 1024 * 1024,
        4,
        Duration.ofHours(24),
        Duration.ofHours(1),
        false);
  }

  public BigQuerySettings withCalls(CallLog calls) {
    return new BigQuerySettings(
        file,
        project,
        defaultLocation,
        calls,
        storage,
        clock,
        insertIdWindow,
        streamingBuffer,
        maxRequestBytes,
        maxRowsPerInsert,
        pageBytes,
        queryThreads,
        jobRetention,
        rowRetention,
        jobsAnswerRunning);
  }

  public BigQuerySettings withStorage(CloudStorageSource storage) {
    return new BigQuerySettings(
        file,
        project,
        defaultLocation,
        calls,
        storage,
        clock,
        insertIdWindow,
        streamingBuffer,
        maxRequestBytes,
        maxRowsPerInsert,
        pageBytes,
        queryThreads,
        jobRetention,
        rowRetention,
        jobsAnswerRunning);
  }

  public BigQuerySettings withDefaultLocation(String defaultLocation) {
    return new BigQuerySettings(
        file,
        project,
        defaultLocation,
        calls,
        storage,
        clock,
        insertIdWindow,
        streamingBuffer,
        maxRequestBytes,
        maxRowsPerInsert,
        pageBytes,
        queryThreads,
        jobRetention,
        rowRetention,
        jobsAnswerRunning);
  }

  public BigQuerySettings withClock(Clock clock) {
    return new BigQuerySettings(
        file,
        project,
        defaultLocation,
        calls,
        storage,
        clock,
        insertIdWindow,
        streamingBuffer,
        maxRequestBytes,
        maxRowsPerInsert,
        pageBytes,
        queryThreads,
        jobRetention,
        rowRetention,
        jobsAnswerRunning);
  }

  public BigQuerySettings withInsertIdWindow(Duration insertIdWindow) {
    return new BigQuerySettings(
        file,
        project,
        defaultLocation,
        calls,
        storage,
        clock,
        insertIdWindow,
        streamingBuffer,
        maxRequestBytes,
        maxRowsPerInsert,
        pageBytes,
        queryThreads,
        jobRetention,
        rowRetention,
        jobsAnswerRunning);
  }

  public BigQuerySettings withStreamingBuffer(Duration streamingBuffer) {
    return new BigQuerySettings(
        file,
        project,
        defaultLocation,
        calls,
        storage,
        clock,
        insertIdWindow,
        streamingBuffer,
        maxRequestBytes,
        maxRowsPerInsert,
        pageBytes,
        queryThreads,
        jobRetention,
        rowRetention,
        jobsAnswerRunning);
  }

  public BigQuerySettings withLimits(long maxRequestBytes, int maxRowsPerInsert, long pageBytes) {
    return new BigQuerySettings(
        file,
        project,
        defaultLocation,
        calls,
        storage,
        clock,
        insertIdWindow,
        streamingBuffer,
        maxRequestBytes,
        maxRowsPerInsert,
        pageBytes,
        queryThreads,
        jobRetention,
        rowRetention,
        jobsAnswerRunning);
  }

  public BigQuerySettings withJobsAnswerRunning(boolean jobsAnswerRunning) {
    return new BigQuerySettings(
        file,
        project,
        defaultLocation,
        calls,
        storage,
        clock,
        insertIdWindow,
        streamingBuffer,
        maxRequestBytes,
        maxRowsPerInsert,
        pageBytes,
        queryThreads,
        jobRetention,
        rowRetention,
        jobsAnswerRunning);
  }
}
