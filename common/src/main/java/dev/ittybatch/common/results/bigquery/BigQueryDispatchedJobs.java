package dev.ittybatch.common.results.bigquery;

import com.google.cloud.bigquery.BigQuery;
import com.google.cloud.bigquery.BigQueryException;
import com.google.cloud.bigquery.DatasetId;
import com.google.cloud.bigquery.FieldValueList;
import com.google.cloud.bigquery.QueryJobConfiguration;
import com.google.cloud.bigquery.QueryParameterValue;
import com.google.cloud.bigquery.StandardSQLTypeName;
import dev.ittybatch.common.identity.EntryIdentity;
import dev.ittybatch.common.results.DispatchedJobs;
import dev.ittybatch.common.results.ResultsStoreException;
import dev.ittybatch.common.sql.SqlScripts;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

/**
 * {@code sql/queries/dispatched_job.sql} as a parameterized BigQuery query in the configured
 * dataset: the values never become SQL text. It runs for webhooks that name an entry and no job,
 * which is every delivery of Ittybit's task events: at a batch's rate, one query each would be
 * hundreds of queries a second, beyond BigQuery's API rate per user and paid for each. So the
 * lookups that arrive within {@link #GATHER} of the first are answered by one query: the first
 * caller waits that long, asks for all of them, and hands each its answer. A delivery waits at most
 * that much longer, well inside Ittybit's 5 s.
 */
public final class BigQueryDispatchedJobs implements DispatchedJobs {

  /** How long the first lookup of a query waits for others to join it. */
  static final Duration GATHER = Duration.ofMillis(50);

  /** Keys one query asks for at most; more start the next query. */
  static final int MOST = 500;

  private final BigQuery bigQuery;
  private final DatasetId dataset;
  private final String sql;
  private final Object lock = new Object();
  private Gathering gathering;

  public BigQueryDispatchedJobs(BigQuery bigQuery, DatasetId dataset) {
    this.bigQuery = bigQuery;
    this.dataset = dataset;
    // The files name the dataset "ittybatch"; here it is the configured one, as the default.
    this.sql = SqlScripts.query("dispatched_job").replace("ittybatch.", "");
  }

  /** The lookups of one query, and the answer each waits for. */
  private static final class Gathering {
    final Map<String, CompletableFuture<Optional<String>>> answers = new HashMap<>();
    final Set<String> batches = new LinkedHashSet<>();
  }

  @Override
  public Optional<String> jobOf(EntryIdentity entry, int generation) {
    String key = entry.batchId().value() + "/" + entry.entryId().value() + "/" + generation;
    Gathering mine;
    boolean first;
    CompletableFuture<Optional<String>> answer;
    synchronized (lock) {
      first = gathering == null;
      if (first) {
        gathering = new Gathering();
      }
      mine = gathering;
      answer = mine.answers.computeIfAbsent(key, k -> new CompletableFuture<>());
      mine.batches.add(entry.batchId().value());
      if (mine.answers.size() >= MOST) {
        gathering = null;
        lock.notifyAll();
      }
    }
    if (first) {
      gatherThenAsk(mine);
    }
    try {
      return answer.get();
    } catch (ExecutionException e) {
      if (e.getCause() instanceof ResultsStoreException failed) {
        throw failed;
      }
      throw new ResultsStoreException("the dispatched_job query failed: " + e.getCause(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ResultsStoreException("interrupted looking up an entry's job", e);
    }
  }

  /** As the first lookup: lets others join for {@link #GATHER}, then answers every one of them. */
  private void gatherThenAsk(Gathering mine) {
    boolean interrupted = false;
    synchronized (lock) {
      long deadline = System.nanoTime() + GATHER.toNanos();
      long left;
      while (gathering == mine && (left = deadline - System.nanoTime()) > 0) {
        try {
          TimeUnit.NANOSECONDS.timedWait(lock, left);
        } catch (InterruptedException e) {
          // The others wait on this query too: ask now, and keep the interrupt for the caller.
          interrupted = true;
          break;
        }
      }
      if (gathering == mine) {
        gathering = null;
      }
    }
    try {
      Map<String, String> jobs = ask(mine);
      mine.answers.forEach((key, answer) -> answer.complete(Optional.ofNullable(jobs.get(key))));
    } catch (RuntimeException e) {
      mine.answers.values().forEach(answer -> answer.completeExceptionally(e));
    } finally {
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
    }
  }

  private Map<String, String> ask(Gathering mine) {
    List<String> keys = new ArrayList<>(mine.answers.keySet());
    QueryJobConfiguration query =
        QueryJobConfiguration.newBuilder(sql)
            .setDefaultDataset(dataset)
            .setUseLegacySql(false)
            .addNamedParameter(
                "batch_ids",
                QueryParameterValue.array(
                    mine.batches.toArray(String[]::new), StandardSQLTypeName.STRING))
            .addNamedParameter(
                "keys",
                QueryParameterValue.array(keys.toArray(String[]::new), StandardSQLTypeName.STRING))
            .build();
    try {
      Map<String, String> jobs = new HashMap<>();
      for (FieldValueList row : bigQuery.query(query).iterateAll()) {
        // Newest first: the first row of a key is its job.
        jobs.putIfAbsent(row.get("entry_key").getStringValue(), row.get("job_id").getStringValue());
      }
      return jobs;
    } catch (BigQueryException e) {
      throw new ResultsStoreException("the dispatched_job query failed: " + e, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ResultsStoreException("interrupted looking up entries' jobs", e);
    }
  }
}
