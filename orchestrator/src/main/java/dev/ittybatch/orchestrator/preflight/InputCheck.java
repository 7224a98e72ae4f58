package dev.ittybatch.orchestrator.preflight;

import dev.ittybatch.common.ittybit.client.IttybitClient;
import dev.ittybatch.common.ittybit.client.IttybitUnreachableException;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Opens the input URL the task-handler gave the job, as Ittybit will: a signed URL that does not
 * open (a signature Cloud Storage refuses, a host that cannot be reached) fails every job of the
 * batch, later and less clearly.
 */
final class InputCheck {

  private static final String STEP = "signed URL opens";
  private static final Pattern XML_CODE = Pattern.compile("<Code>([^<]*)</Code>");

  private final PreflightProperties properties;
  private final HttpClient http =
      HttpClient.newBuilder()
          .connectTimeout(Duration.ofSeconds(5))
          .followRedirects(HttpClient.Redirect.NORMAL)
          .build();

  InputCheck(PreflightProperties properties) {
    this.properties = properties;
  }

  void check(IttybitClient ittybit, String jobId, Report report) throws InterruptedException {
    if (!properties.openInput()) {
      report.skipped(STEP, "PREFLIGHT_OPEN_INPUT=false");
      return;
    }
    String input;
    try {
      IttybitClient.Response job = ittybit.getJob(jobId);
      input = job.ok() ? text(job) : null;
      if (input == null) {
        report.failed(STEP, "job " + jobId + " shows no input: " + job.describe(), "try again");
        return;
      }
    } catch (IttybitUnreachableException e) {
      report.failed(STEP, "could not fetch job " + jobId + ": " + e.getMessage(), "try again");
      return;
    }
    try {
      HttpResponse<String> answer =
          http.send(
              HttpRequest.newBuilder(URI.create(input))
                  .header("Range", "bytes=0-0")
                  .timeout(Duration.ofSeconds(10))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      if (answer.statusCode() / 100 == 2) {
        report.ok(STEP, "GET answered " + answer.statusCode());
        return;
      }
      Matcher code = XML_CODE.matcher(answer.body());
      report.failed(
          STEP,
          "GET answered " + answer.statusCode() + (code.find() ? " " + code.group(1) : ""),
          answer.statusCode() == 403
              ? "the signature is refused: the task-handler's account must sign as itself"
                  + " (roles/iam.serviceAccountTokenCreator on itself) and read the bucket"
                  + " (roles/storage.objectViewer)"
              : "the object must exist and be readable where the URL points");
    } catch (IOException | IllegalArgumentException e) {
      report.failed(
          STEP,
          "unreachable: " + e,
          "the URL must point at Cloud Storage: leave STORAGE_EMULATOR_HOST unset for the"
              + " task-handler");
    }
  }

  private static String text(IttybitClient.Response job) {
    var node = job.body().path("input");
    if (node.isString()) {
      return node.stringValue();
    }
    return node.path("url").isString() ? node.path("url").stringValue() : null;
  }
}
