package dev.ittybatch.taskhandler.dispatch;

import dev.ittybatch.common.ittybit.CreateJobRequest;
import dev.ittybatch.common.ittybit.JobMetadata;
import dev.ittybatch.common.task.TaskPayload;
import java.util.Optional;
import org.springframework.stereotype.Component;

/**
 * The {@code POST /jobs} body for a task: input, kind, options and metadata, the fields Ittybit's
 * reference lists, plus {@code output} and the per-job {@code webhook_url} only when configured.
 * Everything in it comes from the task and the configuration, never from the clock, so every
 * attempt sends the same bytes under the entry's idempotency key.
 */
@Component
class JobRequests {

  private final TaskHandlerProperties properties;

  JobRequests(TaskHandlerProperties properties) {
    this.properties = properties;
  }

  CreateJobRequest of(TaskPayload task, String input) {
    return shaped(task, input, properties.jobWebhookUrl());
  }

  /**
   * The same request in the other shape, with the per-job {@code webhook_url} if the configured one
   * has none and the other way round; empty when no webhook URL is known. A batch in flight when
   * the deployment changed shape holds entries whose first attempt was sent the other way: under
   * the same key, Ittybit refuses the new bytes as a conflict, and answers these with the job it
   * made.
   */
  Optional<CreateJobRequest> otherShape(TaskPayload task, String input) {
    if (properties.webhookUrlForJobs() == null) {
      return Optional.empty();
    }
    return Optional.of(shaped(task, input, !properties.jobWebhookUrl()));
  }

  private CreateJobRequest shaped(TaskPayload task, String input, boolean withWebhookUrl) {
    JobMetadata metadata = JobMetadata.of(task.identity(), task.generation(), task.path());
    return new CreateJobRequest(
        input,
        task.kind().wireName(),
        task.options(),
        output(task),
        withWebhookUrl ? properties.webhookUrlForJobs() : null,
        metadata.toMap());
  }

  /**
   * {@code JOB_OUTPUT} + {@code batch/entry}, with the generation of a re-drive and the format's
   * extension: one object per entry and generation, named the same on every attempt.
   */
  private String output(TaskPayload task) {
    String prefix = properties.jobOutput();
    if (prefix == null || prefix.isBlank()) {
      return null;
    }
    String format =
        task.options() != null && task.options().path("format").isString()
            ? "." + task.options().get("format").stringValue()
            : "";
    return (prefix.endsWith("/") ? prefix : prefix + "/")
        + task.batchId()
        + "/"
        + task.entryId()
        + (task.generation() == 0 ? "" : "-g" + task.generation())
        + format;
  }
}
