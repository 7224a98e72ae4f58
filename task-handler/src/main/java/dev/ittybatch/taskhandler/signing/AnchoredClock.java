package dev.ittybatch.taskhandler.signing;

import com.google.api.core.ApiClock;
import java.time.Instant;
import java.util.function.Supplier;

/**
 * The clock google-cloud-storage reads the V4 {@code X-Goog-Date} from, set to a task's {@code
 * enqueued_at} for the length of one signing call. Signing the same object for the same instant and
 * lifetime with the same key gives the same bytes (RSA PKCS#1 v1.5 is deterministic), so every
 * attempt of a task sends Ittybit the same URL, and so the same body under the same idempotency
 * key. The anchor is per thread because concurrent requests sign for different tasks through one
 * client; elapsed-time readings ({@link #nanoTime}) are never moved.
 */
final class AnchoredClock implements ApiClock {

  private final ThreadLocal<Long> anchorMillis = new ThreadLocal<>();

  <T> T at(Instant instant, Supplier<T> signing) {
    anchorMillis.set(instant.toEpochMilli());
    try {
      return signing.get();
    } finally {
      anchorMillis.remove();
    }
  }

  @Override
  public long nanoTime() {
    return System.nanoTime();
  }

  @Override
  public long millisTime() {
    Long anchor = anchorMillis.get();
    return anchor != null ? anchor : System.currentTimeMillis();
  }
}
