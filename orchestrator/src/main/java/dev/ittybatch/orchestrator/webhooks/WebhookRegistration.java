package dev.ittybatch.orchestrator.webhooks;

import dev.ittybatch.common.identity.EntryId;
import dev.ittybatch.common.ittybit.client.IttybitClient;
import dev.ittybatch.common.ittybit.client.IttybitUnreachableException;
import dev.ittybatch.common.logging.Redaction;
import java.io.PrintStream;
import java.util.List;

/**
 * Makes sure Ittybit delivers to our webhook-handler: finds the endpoint registered for the URL, or
 * registers it with the topics of a job's tasks ending. Idempotent, so {@code deploy.sh setup} runs
 * it every time: a second setup finds the first one's endpoint and makes none. Done here, in Java,
 * rather than in the deploy script: the list is JSON to read page by page, the answer holds a
 * signing secret that must not reach a terminal, and the same code runs against the simulator in
 * the tests and in every local run.
 */
public final class WebhookRegistration {

  private final IttybitClient ittybit;
  private final PrintStream out;

  public WebhookRegistration(IttybitClient ittybit, PrintStream out) {
    this.ittybit = ittybit;
    this.out = out;
  }

  /**
   * @param url the webhook-handler's {@code /webhook} URL, with its {@code ?token=}
   * @return whether an active, subscribed endpoint for the URL exists now
   */
  public boolean ensure(String url) {
    String shown = Redaction.scrub(url);
    RegisteredEndpoints.Listing listing;
    try {
      listing = new RegisteredEndpoints(ittybit).list();
    } catch (IttybitUnreachableException e) {
      out.println("Ittybit webhook: FAILED, Ittybit did not answer: " + e.getMessage());
      return false;
    }
    if (listing.refusal() != null) {
      out.println(
          "Ittybit webhook: FAILED, listing endpoints: "
              + Redaction.scrub(listing.refusal().describe())
              + hint(listing.refusal().status()));
      return false;
    }
    List<RegisteredEndpoints.Endpoint> endpoints = listing.endpoints();
    for (RegisteredEndpoints.Endpoint endpoint : RegisteredEndpoints.exactly(endpoints, url)) {
      if (endpoint.active() && endpoint.subscribed()) {
        out.println(
            "Ittybit webhook: endpoint " + endpoint.id() + " for " + shown + " is registered");
        return true;
      }
      out.println(
          "Ittybit webhook: endpoint "
              + endpoint.id()
              + " for "
              + shown
              + " is "
              + (endpoint.active()
                  ? "missing topics " + RegisteredEndpoints.TOPICS
                  : endpoint.status())
              + ": registering one that is not; delete "
              + endpoint.id()
              + " in Ittybit's dashboard");
    }
    for (RegisteredEndpoints.Endpoint other : RegisteredEndpoints.sameAddress(endpoints, url)) {
      out.println(
          "Ittybit webhook: endpoint "
              + other.id()
              + " posts to this address with another token, which the webhook-handler refuses:"
              + " delete it in Ittybit's dashboard");
    }
    return register(url, shown);
  }

  private boolean register(String url, String shown) {
    // The same URL, the same key: a registration retried within Ittybit's 24 h is made once.
    String key = EntryId.sha256Hex("ittybatch-webhook-endpoint\n" + url).substring(0, 32);
    IttybitClient.Response created;
    try {
      created = ittybit.createWebhookEndpoint(url, RegisteredEndpoints.TOPICS, key);
    } catch (IttybitUnreachableException e) {
      out.println("Ittybit webhook: FAILED, Ittybit did not answer: " + e.getMessage());
      return false;
    }
    if (!created.ok()) {
      out.println(
          "Ittybit webhook: FAILED, registering "
              + shown
              + ": "
              + Redaction.scrub(created.describe())
              + hint(created.status()));
      return false;
    }
    // The answer holds the endpoint's signing secret: only its id is shown.
    out.println(
        "Ittybit webhook: registered endpoint "
            + created.jobId()
            + " for "
            + shown
            + " (topics "
            + String.join(", ", RegisteredEndpoints.TOPICS)
            + ")");
    return true;
  }

  static String hint(int status) {
    return switch (status) {
      case 401 -> " (the API key is refused: export a valid ITTYBIT_API_KEY and run setup again)";
      case 402 -> " (Ittybit wants payment on the account)";
      case 403 -> " (the key's project may not manage webhooks)";
      default -> "";
    };
  }
}
