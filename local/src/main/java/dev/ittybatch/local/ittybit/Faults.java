package dev.ittybatch.local.ittybit;

import java.time.Duration;

/**
 * The ways the simulated Ittybit is unkind, each a share or a duration, all zero when quiet.
 *
 * @param rateLimited share of creates answered 429 with {@code Retry-After}
 * @param serverErrors share of creates answered 500 or 503
 * @param unavailableInputs share of inputs whose every create is answered 503: they can only end
 *     {@code dispatch_failed}
 * @param rejected share of inputs refused with 400
 * @param failed share of jobs that end {@code failed}
 * @param lostAnswers share of creates (new or replayed) whose job exists but whose answer never
 *     arrives: the connection drops, or the answer comes after {@code slowAnswer}
 * @param slowAnswer how late a lost answer that is not dropped comes; longer than the caller's read
 *     timeout, or it is not lost
 * @param duplicateWebhooks share of webhooks delivered twice
 * @param lostWebhooks share of jobs whose webhook is never sent
 * @param forgedWebhooks share of jobs accompanied by a forged webhook (validly signed, as if the
 *     secret had leaked): half name a job id that does not exist, half lie about the real job's
 *     outcome
 * @param webhookOutageAfter when the webhook endpoint goes down, counted from the first job
 * @param webhookOutage how long it stays down; deliveries meanwhile fail and are redelivered
 */
public record Faults(
    double rateLimited,
    double serverErrors,
    double unavailableInputs,
    double rejected,
    double failed,
    double lostAnswers,
    Duration slowAnswer,
    double duplicateWebhooks,
    double lostWebhooks,
    double forgedWebhooks,
    Duration webhookOutageAfter,
    Duration webhookOutage) {

  public static Faults none() {
    return new Faults(0, 0, 0, 0, 0, 0, Duration.ZERO, 0, 0, 0, Duration.ZERO, Duration.ZERO);
  }
}
