package dev.ittybatch.local.ittybit;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Which fault meets which request. What happens to an input (refused, failed, never available, its
 * webhook lost or forged) is fixed by a hash of its URL without the query, so a retry meets the
 * same fate and a test can predict the outcome of every entry. Transient faults (429, 5xx, a lost
 * answer) are random per request, as they are in the real world.
 */
final class Fates {

  private volatile Faults faults;

  Fates(Faults faults) {
    this.faults = faults;
  }

  Faults faults() {
    return faults;
  }

  /** Ittybit's unkindness changes while a run goes on: a test turns a fault on, then off. */
  void replace(Faults faults) {
    this.faults = faults;
  }

  boolean unavailable(String input) {
    return below("unavailable", input, faults.unavailableInputs());
  }

  boolean rejects(String input) {
    return below("reject", input, faults.rejected());
  }

  boolean fails(String input) {
    return below("fail", input, faults.failed());
  }

  boolean losesWebhook(String input) {
    return below("lose-webhook", input, faults.lostWebhooks());
  }

  boolean forgesWebhook(String input) {
    return below("forge-webhook", input, faults.forgedWebhooks());
  }

  /** Forged webhooks alternate between an unknown job id and a lie about the real job. */
  boolean forgesUnknownJob(String input) {
    return share("forge-kind", input) < 0.5;
  }

  double duration(String input) {
    return 5 + Math.round(share("duration", input) * 1150) / 10.0;
  }

  enum Transient {
    NONE,
    RATE_LIMITED,
    SERVER_ERROR
  }

  Transient transientFault() {
    Faults now = faults;
    double roll = ThreadLocalRandom.current().nextDouble();
    if (roll < now.rateLimited()) {
      return Transient.RATE_LIMITED;
    }
    return roll < now.rateLimited() + now.serverErrors() ? Transient.SERVER_ERROR : Transient.NONE;
  }

  boolean losesAnswer() {
    return ThreadLocalRandom.current().nextDouble() < faults.lostAnswers();
  }

  boolean duplicatesWebhook() {
    return ThreadLocalRandom.current().nextDouble() < faults.duplicateWebhooks();
  }

  private static boolean below(String salt, String input, double share) {
    return share > 0 && share(salt, input) < share;
  }

  /** A number in [0, 1) fixed by the salt and the input URL without its query. */
  static double share(String salt, String input) {
    int query = input.indexOf('?');
    String stable = query < 0 ? input : input.substring(0, query);
    try {
      byte[] hash =
          MessageDigest.getInstance("SHA-256")
              .digest((salt + ":" + stable).getBytes(StandardCharsets.UTF_8));
      long bits = 0;
      for (int i = 0; i < 7; i++) {
        bits = (bits << 8) | (hash[i] & 0xff);
      }
      return bits / (double) (1L << 56);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
