package dev.ittybatch.webhook;

import dev.ittybatch.common.cli.Usage;
import dev.ittybatch.common.cli.Usage.Variable;
import dev.ittybatch.common.ittybit.client.IttybitProperties;
import java.util.List;

/**
 * The webhook-handler's usage: every variable it reads, with {@code webhook-handler.properties}'
 * defaults.
 */
final class WebhookHandlerUsage {

  static final Usage USAGE =
      Usage.service(
          "webhook-handler",
          "serve Ittybit's webhooks on PORT: authenticate each, fetch the job it names,"
              + " record the outcome",
          IttybitProperties.variables(
              "the Ittybit API key: each webhook's job is fetched (required)",
              "read timeout for Ittybit, inside the 5 s it waits for us"),
          List.of(
              new Variable(
                  "WEBHOOK_SECRET",
                  "HMAC-SHA256 key of the signature (this, WEBHOOK_TOKEN or both is required)"),
              new Variable("WEBHOOK_SIGNATURE_HEADER", "the header carrying the signature"),
              new Variable(
                  "WEBHOOK_TIMESTAMP_HEADER",
                  "when set, timestamp.body is signed and stale deliveries are refused"),
              new Variable("WEBHOOK_TOLERANCE", "how stale a signed timestamp may be"),
              new Variable("WEBHOOK_TOKEN", "shared secret expected as ?token= in the webhook URL"),
              new Variable(
                  "WEBHOOK_ALLOW_UNSIGNED", "true to start with neither (a local run only)"),
              new Variable("WEBHOOK_MAX_BODY_BYTES", "larger bodies are answered 413"),
              new Variable(
                  "WEBHOOK_RESOLVE_PATIENCE",
                  "how long a delivery naming only our entry is answered 503 while its dispatched"
                      + " row is awaited, before it is counted unplaced [15m]"),
              new Variable("GCP_PROJECT", "the project of the BigQuery dataset (required)"),
              new Variable("BIGQUERY_LOCATION", "the BigQuery dataset's location"),
              new Variable("BIGQUERY_DATASET", "the results dataset"),
              new Variable("BIGQUERY_TABLE", "the results table"),
              new Variable(
                  "LOG_FORMAT", "the console log's structured format (Cloud Logging's JSON)")));

  private WebhookHandlerUsage() {}
}
