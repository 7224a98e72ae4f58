package dev.ittybatch.common.results;

import dev.ittybatch.common.identity.EntryIdentity;
import java.util.Optional;

/**
 * The job an entry's {@code dispatched} row names ({@code sql/queries/dispatched_job.sql}): how a
 * webhook that carries our metadata but no job id is tied to its job: a parameterized query job on
 * BigQuery.
 */
public interface DispatchedJobs {

  /**
   * @return the job id, or empty when the entry has no dispatched row for that generation (yet)
   * @throws ResultsStoreException when the store could not answer
   */
  Optional<String> jobOf(EntryIdentity entry, int generation);
}
