package dev.ittybatch.taskhandler.breaker;

import com.google.cloud.tasks.v2.QueueName;
import jakarta.validation.constraints.AssertTrue;
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Min;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * The breaker's settings, bound from {@code BREAKER_FIRST_ENTRIES}, {@code BREAKER_WINDOW}, {@code
 * BREAKER_SHARE}, and where the queue it pauses is: {@code GCP_PROJECT}, {@code GCP_LOCATION} and
 * {@code QUEUE} (without {@code QUEUE}, the queue that dispatched the task, as its {@code
 * X-CloudTasks-QueueName} header names it).
 *
 * @param firstEntries the first answers of a batch that stop it when all the same refusal; 0 turns
 *     the breaker off. Ten: a batch of bad files rarely opens with ten identical refusals, and ten
 *     wrongly recorded entries are ten to re-drive, not a batch.
 * @param window the recent answers a refusal's share is taken over, once a batch has jobs
 * @param share the part of the window one refusal must be to stop the batch
 * @param repauseEvery how often a held entry pauses the queue again, should someone resume it
 *     before the cause is fixed
 */
@ConfigurationProperties("breaker")
@Validated
record BreakerProperties(
    @DefaultValue("10") @Min(value = 0, message = "BREAKER_FIRST_ENTRIES must be 0 (off) or more")
        int firstEntries,
    @DefaultValue("100") @Min(value = 1, message = "BREAKER_WINDOW must be 1 or more") int window,
    @DefaultValue("0.8")
        @DecimalMin(value = "0.05", message = "BREAKER_SHARE must be from 0.05 to 1")
        @DecimalMax(value = "1", message = "BREAKER_SHARE must be from 0.05 to 1")
        double share,
    @DefaultValue("10s") Duration repauseEvery,
    String gcpProject,
    String gcpLocation,
    String queue) {

  @AssertTrue(message = "BREAKER_WINDOW must be at least BREAKER_FIRST_ENTRIES")
  public boolean isWindowAtLeastFirstEntries() {
    return window >= firstEntries;
  }

  /**
   * The queue to pause, or null when the project or location is not known.
   *
   * @param dispatchedBy the short queue name Cloud Tasks sent the task from, or null
   */
  QueueName queueName(String dispatchedBy) {
    String name = queue != null && !queue.isBlank() ? queue : dispatchedBy;
    if (blank(gcpProject) || blank(gcpLocation) || blank(name)) {
      return null;
    }
    return QueueName.of(gcpProject, gcpLocation, name);
  }

  private static boolean blank(String value) {
    return value == null || value.isBlank();
  }
}
