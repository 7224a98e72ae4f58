package dev.ittybatch.orchestrator.enqueue;

import dev.ittybatch.common.identity.BatchId;

/**
 * What an enqueue run takes from the command line: the batch and this run of it, the shard it owns,
 * how many calls it keeps in flight, and what it does with invalid lines.
 *
 * @param rejects where the rejects report goes ({@code --rejects}), or null for stderr
 */
record EnqueueOptions(
    BatchId batchId,
    String runId,
    Shard shard,
    int concurrency,
    boolean skipInvalid,
    String rejects) {}
