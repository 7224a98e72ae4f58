package dev.ittybatch.orchestrator.lifecycle;

import jakarta.validation.constraints.AssertTrue;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Notices and the schedule's end, from the environment.
 *
 * @param notifyUrl {@code NOTIFY_URL}: where notices are posted as JSON {@code {"text": ...}} (a
 *     Slack incoming webhook takes that as it is); none when unset. A secret: never printed.
 * @param stuckAfter {@code NOTIFY_STUCK_AFTER}: how long a batch with entries waiting may not move
 *     before a stuck notice
 * @param schedulerHost {@code CLOUD_SCHEDULER_EMULATOR_HOST}: another Cloud Scheduler endpoint (a
 *     stand-in), the one place it is read
 */
@ConfigurationProperties("lifecycle")
@Validated
record LifecycleProperties(
    String notifyUrl, @DefaultValue("1h") Duration stuckAfter, String schedulerHost) {

  @AssertTrue(message = "NOTIFY_URL must be an http(s) URL (it is not printed: it is a secret)")
  public boolean isNotifyUrlAnHttpUrl() {
    return notifyUrl == null
        || notifyUrl.isBlank()
        || notifyUrl.strip().matches("https?://[^\\s/]+(/\\S*)?");
  }

  @AssertTrue(message = "NOTIFY_STUCK_AFTER must be a positive duration, e.g. 1h or 30m")
  public boolean isStuckAfterPositive() {
    return stuckAfter != null && !stuckAfter.isNegative() && !stuckAfter.isZero();
  }

  @Override
  public String toString() {
    return "LifecycleProperties[notifyUrl="
        + (notifyUrl == null || notifyUrl.isBlank() ? "none" : "<secret>")
        + ", stuckAfter="
        + stuckAfter
        + ", schedulerHost="
        + schedulerHost
        + "]";
  }
}
