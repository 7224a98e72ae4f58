package dev.ittybatch.taskhandler.dispatch;

import dev.ittybatch.common.ittybit.CreateJobRequest;
import dev.ittybatch.common.ittybit.client.IttybitClient;
import dev.ittybatch.common.ittybit.client.IttybitUnreachableException;
import dev.ittybatch.common.task.TaskPayload;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * {@code POST /jobs} for a task under its entry's idempotency key, with one way out of a conflict:
 * the request in the shape an earlier configuration sent (with or without the per-job {@code
 * webhook_url}). If that is what Ittybit holds under the key, it answers with the job already made
 * for the entry. Any other answer leaves the conflict standing: an Ittybit that refuses the older
 * field (400) must not turn the entry into a rejection.
 */
@Component
class JobCreation {

  private static final Logger log = LoggerFactory.getLogger(JobCreation.class);

  private final JobRequests requests;
  private final IttybitClient ittybit;

  JobCreation(JobRequests requests, IttybitClient ittybit) {
    this.requests = requests;
    this.ittybit = ittybit;
  }

  /**
   * @throws IttybitUnreachableException when the first request gets no answer
   */
  IttybitClient.Response create(TaskPayload task, String input) {
    IttybitClient.Response response =
        ittybit.createJob(requests.of(task, input), task.idempotencyKey());
    if (Decision.forIttybit(response.status(), response.errorKind(), response.describe())
        != Decision.CONFLICT) {
      return response;
    }
    return earlierShape(task, input).orElse(response);
  }

  private Optional<IttybitClient.Response> earlierShape(TaskPayload task, String input) {
    Optional<CreateJobRequest> other = requests.otherShape(task, input);
    if (other.isEmpty()) {
      return Optional.empty();
    }
    try {
      IttybitClient.Response answer = ittybit.createJob(other.get(), task.idempotencyKey());
      if (answer.ok() && answer.jobId() != null) {
        log.warn(
            "Ittybit holds this entry's request in the other webhook_url shape (sent before the"
                + " setting changed): its job {} is the entry's",
            answer.jobId());
        return Optional.of(answer);
      }
    } catch (IttybitUnreachableException e) {
      log.warn("the request in its earlier shape did not reach Ittybit: {}", e.getMessage());
    }
    return Optional.empty();
  }
}
