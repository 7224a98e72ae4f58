package dev.ittybatch.local.ittybit;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * What Ittybit's worker does with a job before its outcome: fetch the input, as Ittybit fetches it,
 * and with {@link Transcoder} make the output. Only inputs on loopback are fetched (a local run
 * never sends traffic elsewhere); a 403 or 404 fails the job with Cloud Storage's reason, so a
 * signing mistake shows up locally as failed jobs that say why.
 */
final class Worker {

  private static final JsonMapper JSON = JsonMapper.builder().build();
  private static final Pattern XML_CODE = Pattern.compile("<Code>([^<]*)</Code>");
  private static final Pattern XML_MESSAGE = Pattern.compile("<Message>([^<]*)</Message>");

  /** The job's end as the worker decided it, or null when the simulated fates decide. */
  record Outcome(String errorKind, String errorMessage, ObjectNode output) {

    static Outcome failed(String kind, String message) {
      return new Outcome(kind, message, null);
    }

    boolean failed() {
      return errorKind != null;
    }
  }

  private final HttpClient http =
      HttpClient.newBuilder()
          .version(HttpClient.Version.HTTP_1_1)
          .connectTimeout(Duration.ofSeconds(5))
          .build();
  private final Transcoder transcoder;
  private final Path work;
  private final String outputsUrl;

  /**
   * @param transcoder null to fetch only (the fates then decide the outcome)
   * @param outputsUrl where {@code work}'s outputs are served
   */
  Worker(Transcoder transcoder, Path work, String outputsUrl) {
    this.transcoder = transcoder;
    this.work = work;
    this.outputsUrl = outputsUrl;
  }

  boolean transcodes() {
    return transcoder != null;
  }

  static boolean fetchable(String input) {
    try {
      String host = URI.create(input).getHost();
      return "127.0.0.1".equals(host) || "localhost".equals(host);
    } catch (IllegalArgumentException e) {
      return false;
    }
  }

  /**
   * @return the outcome, or null when nothing here decides it (an input not on loopback, or fetched
   *     fine with no transcoder)
   */
  Outcome process(SimulatedJobs.Job job) {
    if (!fetchable(job.input())) {
      return null;
    }
    Path input = work.resolve("inputs").resolve(job.id());
    try {
      Files.createDirectories(input.getParent());
      HttpResponse<Path> response =
          http.send(
              HttpRequest.newBuilder(URI.create(job.input()))
                  .timeout(Duration.ofSeconds(60))
                  .build(),
              HttpResponse.BodyHandlers.ofFile(input));
      if (response.statusCode() != 200) {
        String body = Files.readString(input, StandardCharsets.UTF_8);
        return Outcome.failed(
            "input_unavailable",
            "fetching the input answered "
                + response.statusCode()
                + " "
                + first(XML_CODE, body, "")
                + ": "
                + first(XML_MESSAGE, body, body.strip()));
      }
      if (transcoder == null) {
        return null;
      }
      ObjectNode options =
          job.body().path("options").isObject()
              ? (ObjectNode) job.body().get("options")
              : JSON.createObjectNode();
      String kind = job.body().path("kind").asString();
      Transcoder.Output out = transcoder.transcode(job.id(), kind, options, input);
      ObjectNode output = JSON.createObjectNode();
      output.put("url", outputsUrl + out.file().getFileName());
      output.put("format", out.format());
      output.put("kind", kind);
      if (out.width() != null) {
        output.put("width", out.width());
        output.put("height", out.height());
      }
      if (out.duration() != null) {
        output.put("duration", out.duration());
      }
      return new Outcome(null, null, output);
    } catch (Transcoder.Failure e) {
      return Outcome.failed("processing_failed", e.getMessage());
    } catch (IOException e) {
      return Outcome.failed("input_unavailable", "fetching the input failed: " + e.getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return Outcome.failed("processing_failed", "interrupted");
    } finally {
      try {
        Files.deleteIfExists(input);
      } catch (IOException ignored) {
        // A leftover input in the run's work folder is harmless.
      }
    }
  }

  private static String first(Pattern pattern, String text, String otherwise) {
    Matcher matcher = pattern.matcher(text);
    return matcher.find() ? matcher.group(1) : otherwise;
  }
}
