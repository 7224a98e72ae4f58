package dev.ittybatch.local.cloudtasks;

/**
 * What a queue did.
 *
 * @param dropped tasks deleted after their last attempt failed, as Cloud Tasks does silently
 * @param maxDispatchesInAnySecond the most dispatches that started within any one second
 */
public record QueueStats(
    long created,
    long attempts,
    long succeeded,
    long dropped,
    long pending,
    int maxDispatchesInAnySecond) {}
