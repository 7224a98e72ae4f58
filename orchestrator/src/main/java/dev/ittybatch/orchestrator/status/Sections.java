package dev.ittybatch.orchestrator.status;

import dev.ittybatch.orchestrator.batch.QueryValues;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * The status page's display sections, each query's rows read here once into its record; the
 * renderers take these records. Sizes and durations stay the numbers the query gave, so the page
 * shows them as the store wrote them.
 */
record Sections(
    List<Event> events,
    List<Failure> failures,
    List<Output> outputs,
    List<Bucket> buckets,
    List<KindTime> kinds,
    List<Attempts> attempts) {

  static Sections read(Map<String, List<Map<String, Object>>> answers) {
    return new Sections(
        rows(answers, "batch_events", Event::read),
        rows(answers, "latest_failures", Failure::read),
        rows(answers, "latest_outputs", Output::read),
        rows(answers, "outcomes_over_time", Bucket::read),
        rows(answers, "processing_time_by_kind", KindTime::read),
        rows(answers, "dispatch_attempts", Attempts::read));
  }

  private static <T> List<T> rows(
      Map<String, List<Map<String, Object>>> answers,
      String query,
      Function<Map<String, Object>, T> read) {
    return answers.get(query).stream().map(read).toList();
  }

  /** A row of {@code batch_events.sql}: the latest event of a kind, and how many there were. */
  record Event(String kind, long events, Instant occurredAt, String reason) {
    static Event read(Map<String, Object> row) {
      return new Event(
          (String) row.get("kind"),
          QueryValues.number(row.get("events")),
          QueryValues.instant(row.get("occurred_at")),
          (String) row.get("reason"));
    }
  }

  /** A row of {@code latest_failures.sql}. */
  record Failure(
      String entryId,
      String status,
      String errorKind,
      String errorMessage,
      String source,
      Instant receivedAt) {
    static Failure read(Map<String, Object> row) {
      return new Failure(
          (String) row.get("entry_id"),
          (String) row.get("status"),
          (String) row.get("error_kind"),
          (String) row.get("error_message"),
          (String) row.get("source"),
          QueryValues.instant(row.get("received_at")));
    }
  }

  /** A row of {@code latest_outputs.sql}; width, height and duration are null when not known. */
  record Output(
      String source,
      String outputUrl,
      String kind,
      String format,
      Number width,
      Number height,
      Number duration) {
    static Output read(Map<String, Object> row) {
      return new Output(
          (String) row.get("source"),
          (String) row.get("output_url"),
          (String) row.get("kind"),
          (String) row.get("format"),
          (Number) row.get("width"),
          (Number) row.get("height"),
          (Number) row.get("duration"));
    }
  }

  /** A row of {@code outcomes_over_time.sql}: one bar, as wide as {@code seconds}. */
  record Bucket(long seconds, Instant start, long succeeded, long notSucceeded) {
    static Bucket read(Map<String, Object> row) {
      return new Bucket(
          QueryValues.number(row.get("bucket_seconds")),
          QueryValues.instant(row.get("bucket_start")),
          QueryValues.number(row.get("succeeded")),
          QueryValues.number(row.get("not_succeeded")));
    }
  }

  /** A row of {@code processing_time_by_kind.sql}. */
  record KindTime(String kind, long succeeded, double averageSeconds) {
    static KindTime read(Map<String, Object> row) {
      return new KindTime(
          (String) row.get("kind"),
          QueryValues.number(row.get("succeeded")),
          decimal(row.get("avg_processing_seconds")));
    }
  }

  /** A row of {@code dispatch_attempts.sql}: how many entries needed this many attempts. */
  record Attempts(long attempt, double entries) {
    static Attempts read(Map<String, Object> row) {
      return new Attempts(QueryValues.number(row.get("attempt")), decimal(row.get("entries")));
    }
  }

  private static double decimal(Object value) {
    return value instanceof Number n ? n.doubleValue() : 0;
  }
}
