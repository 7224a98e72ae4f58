package dev.ittybatch.local.run;

import dev.ittybatch.local.ittybit.Dialect;
import dev.ittybatch.local.ittybit.Faults;
import java.nio.file.Path;
import java.time.Duration;

/**
 * How a local pipeline is set up: the queue, the time scale, the simulator's unkindness and the
 * media folder.
 *
 * @param rate the queue's max dispatches per second
 * @param maxAttempts the task-handler's MAX_ATTEMPTS; the queue has {@link
 *     LocalPipeline#ATTEMPTS_MARGIN} more
 * @param timeScale waits (backoff, Retry-After, redelivery, the idempotency window, name
 *     tombstones) are divided by this
 * @param frontDoorFailures share of attempts the platform answers without reaching the handler
 * @param taskNameTombstone how long a finished task's name stays taken (Cloud Tasks: about an
 *     hour), before the time scale
 * @param mediaDir a folder served as bucket {@value LocalPipeline#MEDIA_BUCKET} by a Cloud Storage
 *     stand-in that checks every signed URL, and fetched by the simulator; null for none
 * @param transcode the simulator runs ffmpeg on what it fetches
 * @param statusPort the status page's loopback port; 0 for any free one
 * @param dialect which generation of Ittybit's docs the simulator plays; with the documented one
 *     the webhook endpoint is registered at start and jobs carry no webhook_url, with an older one
 *     each job carries it
 */
public record PipelineSettings(
    Path dataDir,
    int rate,
    int maxConcurrentDispatches,
    int maxAttempts,
    Duration minBackoff,
    Duration maxBackoff,
    double timeScale,
    Duration processing,
    double frontDoorFailures,
    Duration taskNameTombstone,
    Faults faults,
    Path mediaDir,
    boolean transcode,
    int statusPort,
    Dialect dialect) {}
