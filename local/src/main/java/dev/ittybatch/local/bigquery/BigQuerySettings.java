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
    Draft draft = new Draft(this);
    draft.calls = calls;
    return draft.settings();
  }

  public BigQuerySettings withStorage(CloudStorageSource storage) {
    Draft draft = new Draft(this);
    draft.storage = storage;
    return draft.settings();
  }

  public BigQuerySettings withDefaultLocation(String defaultLocation) {
    Draft draft = new Draft(this);
    draft.defaultLocation = defaultLocation;
    return draft.settings();
  }

  public BigQuerySettings withClock(Clock clock) {
    Draft draft = new Draft(this);
    draft.clock = clock;
    return draft.settings();
  }

  public BigQuerySettings withInsertIdWindow(Duration insertIdWindow) {
    Draft draft = new Draft(this);
    draft.insertIdWindow = insertIdWindow;
    return draft.settings();
  }

  public BigQuerySettings withStreamingBuffer(Duration streamingBuffer) {
    Draft draft = new Draft(this);
    draft.streamingBuffer = streamingBuffer;
    return draft.settings();
  }

  public BigQuerySettings withLimits(long maxRequestBytes, int maxRowsPerInsert, long pageBytes) {
    Draft draft = new Draft(this);
    draft.maxRequestBytes = maxRequestBytes;
    draft.maxRowsPerInsert = maxRowsPerInsert;
    draft.pageBytes = pageBytes;
    return draft.settings();
  }

  public BigQuerySettings withJobsAnswerRunning(boolean jobsAnswerRunning) {
    Draft draft = new Draft(this);
    draft.jobsAnswerRunning = jobsAnswerRunning;
    return draft.settings();
  }

  /** The settings as they are, to change a few knobs of and make settings again. */
  private static final class Draft {
    private Path file;
    private String project;
    private String defaultLocation;
    private CallLog calls;
    private CloudStorageSource storage;
    private Clock clock;
    private Duration insertIdWindow;
    private Duration streamingBuffer;
    private long maxRequestBytes;
    private int maxRowsPerInsert;
    private long pageBytes;
    private int queryThreads;
    private Duration jobRetention;
    private Duration rowRetention;
    private boolean jobsAnswerRunning;

    Draft(BigQuerySettings settings) {
      this.file = settings.file;
      this.project = settings.project;
      this.defaultLocation = settings.defaultLocation;
      this.calls = settings.calls;
      this.storage = settings.storage;
      this.clock = settings.clock;
      this.insertIdWindow = settings.insertIdWindow;
      this.streamingBuffer = settings.streamingBuffer;
      this.maxRequestBytes = settings.maxRequestBytes;
      this.maxRowsPerInsert = settings.maxRowsPerInsert;
      this.pageBytes = settings.pageBytes;
      this.queryThreads = settings.queryThreads;
      this.jobRetention = settings.jobRetention;
      this.rowRetention = settings.rowRetention;
      this.jobsAnswerRunning = settings.jobsAnswerRunning;
    }

    BigQuerySettings settings() {
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
}
