/**
 * Things that happen to a batch as a whole (a breaker trips, the queue is resumed, the batch is
 * paused, cancelled or announced done, a webhook names nothing of ours), kept append-only in {@code
 * batch_events} beside the results.
 */
package dev.ittybatch.common.events;
