package dev.ittybatch.local.cloudtasks;

/**
 * What a queue did.
 *
 * @param dropped tasks deleted after their last attempt failed, as Cloud Tasks does silently
 * @param frontDoorFailures attempts answered before reaching the handler (counted in attempts)
 * @param deleted tasks removed by DeleteTask before they ended
 * @param maxDispatchesInAnySecond the most dispatches that started within any one second
 * @param meanDispatchRate dispatches per second from the first to the last
 */
public record QueueStats(
    long created,
    long attempts,
    long succeeded,
    long dropped,
    long frontDoorFailures,
    long deleted,
    long pending,
    int maxDispatchesInAnySecond,
    double meanDispatchRate) {}
