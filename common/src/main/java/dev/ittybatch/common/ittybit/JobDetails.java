package dev.ittybatch.common.ittybit;

import static dev.ittybatch.common.ittybit.JsonFields.decimal;
import static dev.ittybatch.common.ittybit.JsonFields.firstText;
import static dev.ittybatch.common.ittybit.JsonFields.integer;
import static dev.ittybatch.common.ittybit.JsonFields.text;
import static dev.ittybatch.common.ittybit.JsonFields.time;

import dev.ittybatch.common.identity.GcsPath;
import java.time.Instant;
import java.util.Optional;
import tools.jackson.databind.JsonNode;

/**
 * What a job or task object says about its file and its outcome, read the one way whether a webhook
 * carried it or {@code GET /jobs/{id}} answered it. Fields the object does not hold are null.
 *
 * <p>{@code output} may be an object, a URL string, or an {@code outputs} array; timestamps are
 * read by {@link Timestamps}.
 *
 * @param metadata ours, when the object carries well-formed batch and entry ids; else null
 * @param sourceKey the object name of a {@code gs://} input, or the URL of an {@code https://} one
 */
public record JobDetails(
    JobMetadata metadata,
    String kind,
    String sourceBucket,
    String sourceKey,
    String outputUrl,
    Long width,
    Long height,
    Double duration,
    String format,
    String errorKind,
    String errorMessage,
    Instant createdAt,
    Instant startedAt,
    Instant finishedAt) {

  /** Our metadata, or empty for an object that does not carry it. */
  public Optional<JobMetadata> ours() {
    return Optional.ofNullable(metadata);
  }

  /**
   * @param status the object's status as read: a finished object without a finish time is taken to
   *     have finished when it was last updated
   */
  static JobDetails read(JsonNode data, JobStatus status) {
    JobMetadata metadata = JobMetadata.read(data.path("metadata")).orElse(null);
    String sourceBucket = metadata == null ? null : metadata.sourceBucket();
    String sourceKey = metadata == null ? null : metadata.sourceKey();
    if (sourceBucket == null && text(data, "input") != null) {
      // Signed URLs hide the gs:// path, so this only helps for inputs given as gs:// directly.
      Optional<GcsPath> input = gcsPath(text(data, "input"));
      sourceBucket = input.map(GcsPath::bucket).orElse(null);
      sourceKey = input.map(GcsPath::object).orElse(sourceKey);
    }

    Output output = output(data);
    JsonNode error = data.path("error");
    String errorKind = null;
    String errorMessage = null;
    if (error.isString()) {
      errorMessage = error.stringValue();
    } else if (error.isObject()) {
      errorKind = firstText(error, "kind", "code", "type");
      errorMessage = firstText(error, "message", "detail", "description");
    }

    Instant finished = time(data, "finished_at", "completed_at", "completed", "finished");
    if (finished == null && status.terminal()) {
      finished = time(data, "updated_at", "updated");
    }
    return new JobDetails(
        metadata,
        firstText(data, "kind"),
        sourceBucket,
        sourceKey,
        output.url,
        output.width,
        output.height,
        output.duration,
        output.format,
        errorKind,
        errorMessage,
        time(data, "created_at", "created"),
        time(data, "started_at", "started"),
        finished);
  }

  private record Output(String url, Long width, Long height, Double duration, String format) {}

  private static Output output(JsonNode data) {
    JsonNode output = data.path("output");
    if (output.isMissingNode() || output.isNull()) {
      JsonNode outputs = data.path("outputs");
      output = outputs.isArray() && !outputs.isEmpty() ? outputs.get(0) : outputs;
    }
    if (output.isString()) {
      // A job's output is a bare URL; its tasks carry the details of the file made.
      String url = output.stringValue();
      for (JsonNode task : data.path("tasks")) {
        JsonNode taskOutput = task.path("output");
        if (taskOutput.isObject() && url.equals(text(taskOutput, "url"))) {
          return fromObject(taskOutput);
        }
      }
      return new Output(url, null, null, null, null);
    }
    if (output.isObject()) {
      return fromObject(output);
    }
    return new Output(null, null, null, null, null);
  }

  private static Output fromObject(JsonNode output) {
    return new Output(
        text(output, "url"),
        integer(output.path("width")),
        integer(output.path("height")),
        decimal(output.path("duration")),
        text(output, "format"));
  }

  private static Optional<GcsPath> gcsPath(String input) {
    // Most inputs are signed https URLs: no exception for each of those.
    if (input == null || !input.startsWith(GcsPath.SCHEME)) {
      return Optional.empty();
    }
    try {
      return Optional.of(GcsPath.parse(input));
    } catch (IllegalArgumentException notGcs) {
      return Optional.empty();
    }
  }
}
