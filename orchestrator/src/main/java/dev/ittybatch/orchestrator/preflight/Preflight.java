package dev.ittybatch.orchestrator.preflight;

import dev.ittybatch.common.ittybit.client.IttybitClient;
import dev.ittybatch.common.ittybit.client.IttybitUnreachableException;
import dev.ittybatch.orchestrator.webhooks.RegisteredEndpoints;
import java.io.PrintStream;
import java.util.List;
import java.util.function.Supplier;

/**
 * {@code --preflight}: before a big batch, whether this account's Ittybit takes what is sent. The
 * key works ({@code GET /jobs?limit=1}), the webhook endpoint is registered, and the manifest's
 * first entry goes the whole way ({@link WholeWay}). Each step is printed OK or FAILED with its
 * fix; a step that needs an earlier one that failed is SKIPPED.
 */
public final class Preflight {

  private final Supplier<IttybitClient> ittybit;
  private final PreflightProperties properties;
  private final WholeWay wholeWay;
  private final PrintStream out;

  Preflight(
      Supplier<IttybitClient> ittybit,
      PreflightProperties properties,
      WholeWay wholeWay,
      PrintStream out) {
    this.ittybit = ittybit;
    this.properties = properties;
    this.wholeWay = wholeWay;
    this.out = out;
  }

  /**
   * @param manifest the batch's manifest, or null to check the account only
   * @return whether every check passed
   */
  public boolean run(String manifest) throws InterruptedException {
    out.println(
        "Preflight of Ittybit"
            + (manifest == null ? " (no manifest: the account only)" : " with " + manifest)
            + ":");
    Report report = new Report(out);
    IttybitClient client;
    try {
      client = ittybit.get();
    } catch (IllegalStateException e) {
      report.failed("key works", "no key", e.getMessage());
      return finish(report);
    }
    boolean keyWorks = key(client, report);
    if (keyWorks) {
      endpoint(client, report);
    } else {
      report.skipped("webhook endpoint registered", "needs a working key");
    }
    if (manifest == null) {
      report.skipped("first entry the whole way", "no manifest given");
    } else if (!keyWorks) {
      report.skipped("first entry the whole way", "needs a working key");
    } else {
      wholeWay.check(manifest, client, report);
    }
    return finish(report);
  }

  private boolean finish(Report report) {
    out.println(report.summary());
    return report.allPassed();
  }

  private boolean key(IttybitClient client, Report report) {
    String step = "key works";
    try {
      IttybitClient.Response answer = client.listJobs(1);
      if (answer.ok()) {
        report.ok(step, "GET /jobs?limit=1 answered " + answer.status());
        return true;
      }
      report.failed(
          step, answer.describe() + " (" + answer.errorKind() + ")", keyFix(answer.status()));
    } catch (IttybitUnreachableException e) {
      report.failed(
          step,
          "Ittybit did not answer: " + e.getMessage(),
          "check ITTYBIT_BASE_URL (and ITTYBIT_BASE_PATH) and that this machine reaches it");
    }
    return false;
  }

  static String keyFix(int status) {
    return switch (status) {
      case 401 ->
          "the key is missing or wrong: export ITTYBIT_API_KEY=<a key of the project> and run"
              + " deploy/deploy.sh setup (it stores the key for the services)";
      case 402 -> "Ittybit wants payment on this account: settle it in Ittybit's dashboard";
      case 403 -> "the key belongs to no project that may create jobs: use a project key";
      case 404 -> "nothing at /jobs: check ITTYBIT_BASE_URL and ITTYBIT_BASE_PATH";
      default -> "see Ittybit's answer above";
    };
  }

  private void endpoint(IttybitClient client, Report report) {
    String step = "webhook endpoint registered";
    String url = properties.endpointUrl();
    if (url == null) {
      report.failed(
          step,
          "no webhook URL to look for",
          "set WEBHOOK_URL to the webhook-handler's /webhook URL (deploy.sh check sets it)");
      return;
    }
    RegisteredEndpoints.Listing listing;
    try {
      listing = new RegisteredEndpoints(client).list();
    } catch (IttybitUnreachableException e) {
      report.failed(step, "Ittybit did not answer: " + e.getMessage(), "try again");
      return;
    }
    if (listing.refusal() != null) {
      report.failed(
          step,
          "listing endpoints: " + listing.refusal().describe(),
          keyFix(listing.refusal().status()));
      return;
    }
    String address = RegisteredEndpoints.address(url);
    List<RegisteredEndpoints.Endpoint> exact =
        RegisteredEndpoints.exactly(listing.endpoints(), url).stream()
            .filter(e -> e.active() && e.subscribed())
            .toList();
    if (!exact.isEmpty()) {
      report.ok(step, exact.get(0).id() + " delivers task.succeeded and task.failed to " + address);
      return;
    }
    String seen =
        RegisteredEndpoints.exactly(listing.endpoints(), url).isEmpty()
                && RegisteredEndpoints.sameAddress(listing.endpoints(), url).isEmpty()
            ? "none of the " + listing.endpoints().size() + " endpoints posts to " + address
            : "an endpoint posts to "
                + address
                + ", but paused, without the topics, or with"
                + " another token";
    report.failed(
        step,
        seen,
        "run deploy/deploy.sh setup: it registers the endpoint (POST /webhooks/endpoints, topics"
            + " task.succeeded and task.failed); without one, outcomes arrive only by"
            + " reconciliation");
  }
}
