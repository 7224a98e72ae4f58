package dev.ittybatch.local.gcs;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/** The buckets, and writes checked against preconditions and given a new generation. */
final class Store {

  private final Map<String, Bucket> buckets = new ConcurrentHashMap<>();
  private final String defaultLocation;
  private final Clock clock;
  private final AtomicLong lastGeneration = new AtomicLong();
  final Hashes.Cache hashes = new Hashes.Cache();

  Store(String defaultLocation, Clock clock) {
    this.defaultLocation = defaultLocation;
    this.clock = clock;
  }

  Bucket create(String name, String location, Path folder) {
    Bucket bucket = new Bucket(name, location == null ? defaultLocation : location, folder);
    buckets.put(name, bucket);
    return bucket;
  }

  /** The bucket, made in the default location if it is new (objects a test puts in memory). */
  Bucket bucketFor(String name) {
    return buckets.computeIfAbsent(name, n -> new Bucket(n, defaultLocation, null));
  }

  Bucket bucket(String name) {
    return buckets.get(name);
  }

  Bucket requireBucket(String name) {
    Bucket bucket = buckets.get(name);
    if (bucket == null) {
      throw GcsError.notFound("The specified bucket does not exist.");
    }
    return bucket;
  }

  Instant now() {
    return clock.instant();
  }

  /** A generation later than every other: microseconds of the clock, as Cloud Storage's. */
  long nextGeneration() {
    Instant now = clock.instant();
    long micros = now.getEpochSecond() * 1_000_000L + now.getNano() / 1000;
    return lastGeneration.updateAndGet(last -> Math.max(last + 1, micros));
  }

  /**
   * Writes an object once the preconditions hold against what is there now; {@code replacing} is
   * told whether it replaces one (which takes storage.objects.delete as well).
   */
  Blob write(
      Bucket bucket,
      String name,
      byte[] content,
      String contentType,
      Preconditions preconditions,
      Replacing replacing)
      throws IOException {
    synchronized (bucket) {
      Blob existing = bucket.get(name);
      preconditions.check(existing);
      if (existing != null) {
        replacing.check();
      }
      Instant at = clock.instant();
      Blob blob =
          new Blob(
              bucket.name,
              name,
              content.length,
              nextGeneration(),
              1,
              contentType == null || contentType.isEmpty()
                  ? "application/octet-stream"
                  : contentType,
              existing == null ? at : existing.created(),
              at,
              content,
              null);
      return bucket.store(blob);
    }
  }

  /** Called before an existing object is replaced. */
  @FunctionalInterface
  interface Replacing {
    void check();
  }

  /**
   * A valid object name: 1 to 1024 bytes of UTF-8, no carriage return or line feed, not "." or
   * "..", not under ".well-known/acme-challenge/"
   * (https://cloud.google.com/storage/docs/objects#naming).
   */
  static void checkName(String name) {
    int bytes = name == null ? 0 : name.getBytes(StandardCharsets.UTF_8).length;
    if (bytes < 1
        || bytes > 1024
        || name.contains("\r")
        || name.contains("\n")
        || name.equals(".")
        || name.equals("..")
        || name.startsWith(".well-known/acme-challenge/")) {
      throw GcsError.invalid("The specified object name is not valid: " + name);
    }
  }
}
