package dev.ittybatch.orchestrator.enqueue;

import dev.ittybatch.common.identity.EntryId;

/**
 * This process's share of the entries when a Cloud Run job runs as N tasks. Every task reads the
 * whole manifest and keeps the entries whose id hashes to its index, so each entry belongs to
 * exactly one shard however the manifest is ordered.
 */
public record Shard(int index, int count) {

  public static final Shard ALL = new Shard(0, 1);

  public Shard {
    if (count < 1 || index < 0 || index >= count) {
      throw new IllegalArgumentException(
          "shard index " + index + " is not within a task count of " + count);
    }
  }

  /** From {@code CLOUD_RUN_TASK_INDEX} and {@code CLOUD_RUN_TASK_COUNT}. */
  public static Shard of(String index, String count) {
    try {
      return new Shard(Integer.parseInt(index.trim()), Integer.parseInt(count.trim()));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(
          "CLOUD_RUN_TASK_INDEX and CLOUD_RUN_TASK_COUNT must be whole numbers, found \""
              + index
              + "\" and \""
              + count
              + "\"");
    }
  }

  public boolean owns(EntryId entryId) {
    if (count == 1) {
      return true;
    }
    long hash = Long.parseUnsignedLong(entryId.value().substring(0, 15), 16);
    return hash % count == index;
  }

  /** Whether this shard reports the manifest's invalid lines (one shard does, so none twice). */
  boolean reportsRejects() {
    return index == 0;
  }
}
