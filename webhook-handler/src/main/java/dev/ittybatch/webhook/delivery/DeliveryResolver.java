package dev.ittybatch.webhook.delivery;

import dev.ittybatch.common.http.RetryLaterException;
import dev.ittybatch.common.ittybit.DeliverySubject;
import dev.ittybatch.common.ittybit.JobMetadata;
import dev.ittybatch.common.ittybit.WebhookEvent;
import dev.ittybatch.common.ittybit.client.IttybitClient;
import dev.ittybatch.common.ittybit.client.IttybitUnreachableException;
import dev.ittybatch.common.results.DispatchedJobs;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;

/**
 * Finds the job a delivery is about ({@link DeliverySubject} decides from what it carries): a job
 * id is used as is; our metadata goes through the entry's {@code dispatched} row. An entry may not
 * have that row yet (the attempt that made the job lost its answer, and its retry writes the row
 * later): then the jobs with the delivery's input URL are listed ({@code GET /jobs?input=}, a
 * filter https://ittybit.com/api/list-jobs documents), and the one whose metadata names the entry
 * and generation is it. Failing that too, the delivery is asked for again for a while ({@code
 * WEBHOOK_RESOLVE_PATIENCE}), and after that, like one that names nothing, it is left unplaced: the
 * entry is settled by reconciliation, which fetches the jobs of dispatched entries.
 */
@Component
class DeliveryResolver {

  /** Deliveries remembered for their patience: enough for a burst, cleared beyond it. */
  private static final int REMEMBERED = 100_000;

  /** The job to fetch, or why there is none. */
  record Resolution(String jobId, String unplacedReason) {

    boolean placed() {
      return jobId != null;
    }
  }

  private final DispatchedJobs dispatched;
  private final IttybitClient ittybit;
  private final Duration patience;
  private final Clock clock;
  private final Map<String, Instant> firstSeen = new ConcurrentHashMap<>();

  DeliveryResolver(
      DispatchedJobs dispatched, IttybitClient ittybit, WebhookProperties properties, Clock clock) {
    this.dispatched = dispatched;
    this.ittybit = ittybit;
    this.patience = properties.resolvePatience();
    this.clock = clock;
  }

  /**
   * @throws RetryLaterException when the delivery names an entry whose job is not recorded yet, and
   *     it has been seen for less than the patience
   */
  Resolution resolve(WebhookEvent event) {
    DeliverySubject subject = DeliverySubject.of(event);
    if (subject instanceof DeliverySubject.Job job) {
      return new Resolution(job.jobId(), null);
    }
    if (subject instanceof DeliverySubject.Unplaced unplaced) {
      return new Resolution(null, unplaced.reason());
    }
    DeliverySubject.Entry entry = (DeliverySubject.Entry) subject;
    Optional<String> job = dispatched.jobOf(entry.identity(), entry.generation());
    if (job.isEmpty()) {
      job = byInput(event.input(), entry);
    }
    if (job.isPresent()) {
      firstSeen.remove(event.eventId());
      return new Resolution(job.get(), null);
    }
    String what =
        "entry "
            + entry.identity().taskId(entry.generation())
            + " has no dispatched row with its job";
    if (waitedLessThanPatience(event.eventId())) {
      throw new RetryLaterException(null, what + " yet; deliver again", "60");
    }
    firstSeen.remove(event.eventId());
    return new Resolution(null, what + " after " + patience + "; reconciliation settles it");
  }

  /** The job made for the entry's generation among those with this input, if Ittybit lists it. */
  private Optional<String> byInput(String input, DeliverySubject.Entry entry) {
    if (input == null) {
      return Optional.empty();
    }
    IttybitClient.Response listed;
    try {
      listed = ittybit.listJobsByInput(input);
    } catch (IttybitUnreachableException e) {
      return Optional.empty();
    }
    if (!listed.ok()) {
      return Optional.empty();
    }
    for (JsonNode job : IttybitClient.items(listed.body())) {
      Optional<JobMetadata> metadata = JobMetadata.read(job.path("metadata"));
      if (metadata.isPresent()
          && metadata.get().identity().equals(entry.identity())
          && metadata.get().generation() == entry.generation()
          && job.path("id").isString()) {
        return Optional.of(job.get("id").stringValue());
      }
    }
    return Optional.empty();
  }

  private boolean waitedLessThanPatience(String eventId) {
    if (firstSeen.size() > REMEMBERED) {
      firstSeen.clear();
    }
    Instant now = clock.instant();
    Instant first = firstSeen.computeIfAbsent(eventId, id -> now);
    return Duration.between(first, now).compareTo(patience) < 0;
  }
}
