package dev.ittybatch.common.results.bigquery;

import com.google.cloud.bigquery.BigQuery;
import com.google.cloud.bigquery.BigQueryException;
import com.google.cloud.bigquery.DatasetId;
import com.google.cloud.bigquery.FieldValueList;
import com.google.cloud.bigquery.QueryJobConfiguration;
import com.google.cloud.bigquery.QueryParameterValue;
import dev.ittybatch.common.identity.EntryIdentity;
import dev.ittybatch.common.results.DispatchedJobs;
import dev.ittybatch.common.results.ResultsStoreException;
import dev.ittybatch.common.sql.SqlScripts;
import java.util.Optional;

/**
 * {@code sql/queries/dispatched_job.sql} as a parameterized BigQuery query in the configured
 * dataset: the values never become SQL text. It runs only for a webhook that names an entry and no
 * job, which the service answers within Ittybit's 5 s: a query takes a second or two, and the table
 * is clustered by batch.
 */
public final class BigQueryDispatchedJobs implements DispatchedJobs {

  private final BigQuery bigQuery;
  private final DatasetId dataset;
  private final String sql;

  public BigQueryDispatchedJobs(BigQuery bigQuery, DatasetId dataset) {
    this.bigQuery = bigQuery;
    this.dataset = dataset;
    // The files name the dataset "ittybatch"; here it is the configured one, as the default.
    this.sql = SqlScripts.query("dispatched_job").replace("ittybatch.", "");
  }

  @Override
  public Optional<String> jobOf(EntryIdentity entry, int generation) {
    QueryJobConfiguration query =
        QueryJobConfiguration.newBuilder(sql)
            .setDefaultDataset(dataset)
            .setUseLegacySql(false)
            .addNamedParameter("batch_id", QueryParameterValue.string(entry.batchId().value()))
            .addNamedParameter("entry_id", QueryParameterValue.string(entry.entryId().value()))
            .addNamedParameter("generation", QueryParameterValue.int64(generation))
            .build();
    try {
      for (FieldValueList row : bigQuery.query(query).iterateAll()) {
        if (!row.get("job_id").isNull()) {
          return Optional.of(row.get("job_id").getStringValue());
        }
      }
      return Optional.empty();
    } catch (BigQueryException e) {
      throw new ResultsStoreException("the dispatched_job query failed: " + e, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ResultsStoreException("interrupted looking up an entry's job", e);
    }
  }
}
