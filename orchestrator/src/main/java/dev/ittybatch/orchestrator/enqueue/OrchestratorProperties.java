package dev.ittybatch.orchestrator.enqueue;

import com.google.cloud.tasks.v2.QueueName;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Where tasks go. Bound from the environment variables named in each message (see {@code
 * application.properties}), so a missing one fails start-up naming the variable to set.
 *
 * @param serviceAccountEmail the account whose OIDC token each task carries (the task-handler's
 *     invoker)
 * @param ledgerLocation {@code gs://} folder for the ledger's NDJSON files (required)
 * @param ledgerChunk entries recorded in the ledger at a time, each chunk before its tasks
 * @param createAttempts attempts per task for transient errors before it counts as failed
 * @param retryInitialMillis first backoff; it doubles, with full jitter, up to {@code
 *     retryMaxMillis}
 */
@ConfigurationProperties("orchestrator")
@Validated
public record OrchestratorProperties(
    @NotBlank(message = "set GCP_PROJECT to the Google Cloud project id") String gcpProject,
    @NotBlank(message = "set GCP_LOCATION to the queue's region, e.g. europe-west1")
        String gcpLocation,
    @NotBlank(message = "set QUEUE to the Cloud Tasks queue name")
        @Pattern(
            regexp = "[A-Za-z0-9-]{0,100}",
            message = "QUEUE must be 1-100 letters, digits or hyphens")
        String queue,
    @NotBlank(message = "set HANDLER_URL to the task-handler's URL")
        @Pattern(regexp = "(https?://\\S+)?", message = "HANDLER_URL must be an http(s) URL")
        String handlerUrl,
    @NotBlank(
            message =
                "set SERVICE_ACCOUNT_EMAIL to the account whose OIDC token tasks carry (the"
                    + " task-handler's invoker)")
        String serviceAccountEmail,
    String ledgerLocation,
    @DefaultValue("20000") @Min(100) @Max(1000000) int ledgerChunk,
    @DefaultValue("8") @Min(1) @Max(50) int createAttempts,
    @DefaultValue("200") @Min(1) long retryInitialMillis,
    @DefaultValue("20000") @Min(1) long retryMaxMillis) {

  public QueueName queueName() {
    return QueueName.of(gcpProject, gcpLocation, queue);
  }

  /** {@code projects/P/locations/L/queues/Q}, as Cloud Tasks names the queue. */
  public String queuePath() {
    return queueName().toString();
  }
}
