package dev.ittybatch.local.bigquery;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Every job, by project, location and id: an id is unique within a project and location, and a
 * repeat answers BigQuery's 409 (whose text the client matches to fetch the existing job, {@code
 * .*Already.*Exists:.*Job.*}: BQ/BigQueryImpl.java L509-538). A query's anonymous results table is
 * found here too. Jobs are kept for a day, their rows for less (both knobs).
 */
final class Jobs {

  private final Clock clock;
  private final Duration jobRetention;
  private final Duration rowRetention;
  private final Map<String, Job> byKey = new ConcurrentHashMap<>();
  private final Map<TableRef, Job> byDestination = new ConcurrentHashMap<>();
  private final Map<String, Job> byRequestId = new ConcurrentHashMap<>();
  private final AtomicLong registered = new AtomicLong();

  Jobs(Clock clock, Duration jobRetention, Duration rowRetention) {
    this.clock = clock;
    this.jobRetention = jobRetention;
    this.rowRetention = rowRetention;
  }

  /** Adds the job, or answers 409 if its id is taken in its project and location. */
  void register(Job job, TableRef destination) {
    prune();
    Job existing = byKey.putIfAbsent(key(job.project, job.location, job.id), job);
    if (existing != null) {
      // The real text: "Already Exists: Job <project>:<LOCATION>.<jobId>" (google-cloud-java#2867).
      throw new ApiError(Reason.DUPLICATE, "Already Exists: Job " + existing.display());
    }
    if (destination != null) {
      byDestination.put(destination, job);
    }
  }

  /**
   * The job, or null. Without a location only the US and EU multi-regions are searched, as BigQuery
   * does: a job elsewhere then answers 404 "Not found: Job proj:jobid" (nodejs-bigquery#1016,
   * fluent-plugin-bigquery#172).
   */
  Job find(String project, String id, String location) {
    if (location != null && !location.isEmpty()) {
      return byKey.get(key(project, location, id));
    }
    Job us = byKey.get(key(project, "US", id));
    return us != null ? us : byKey.get(key(project, "EU", id));
  }

  Job byDestination(TableRef table) {
    return byDestination.get(table);
  }

  /**
   * The job a jobs.query with this requestId already made: the client sends one id per call and
   * repeats it on its retries, so that a retry does not run the query twice.
   */
  Job byRequest(String project, String requestId) {
    return requestId == null ? null : byRequestId.get(project + "/" + requestId);
  }

  void rememberRequest(String project, String requestId, Job job) {
    if (requestId != null) {
      byRequestId.put(project + "/" + requestId, job);
    }
  }

  /**
   * Where a query's rows go when it names no table: a dataset of the caller's own and a table of
   * the job's, as BigQuery's anonymous results ({@code _<hash>.anon<hash>}).
   */
  static TableRef anonymous(String project, String creator, String jobKey) {
    return new TableRef(
        project, "_" + sha(project + "/" + creator).substring(0, 40), "anon" + sha(jobKey));
  }

  static String key(String project, String location, String id) {
    return project + "/" + Locations.normalize(location).toUpperCase(Locale.ROOT) + "/" + id;
  }

  private void prune() {
    if (registered.incrementAndGet() % 1000 != 0) {
      return;
    }
    long now = clock.millis();
    long jobsBefore = now - jobRetention.toMillis();
    byKey.values().removeIf(job -> job.isDone() && job.created < jobsBefore);
    byDestination.values().removeIf(job -> job.isDone() && job.created < jobsBefore);
    byRequestId.values().removeIf(job -> job.isDone() && job.created < jobsBefore);
    for (Job job : byKey.values()) {
      if (job.isDone() && job.created < now - rowRetention.toMillis()) {
        job.forgetRows();
      }
    }
  }

  private static String sha(String text) {
    try {
      return HexFormat.of()
          .formatHex(
              MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JVM has SHA-256", e);
    }
  }
}
