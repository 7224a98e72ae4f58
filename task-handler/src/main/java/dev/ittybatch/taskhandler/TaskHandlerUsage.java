package dev.ittybatch.taskhandler;

import dev.ittybatch.common.cli.Usage;
import dev.ittybatch.common.cli.Usage.Variable;
import dev.ittybatch.common.ittybit.client.IttybitProperties;
import java.util.List;

/**
 * The task-handler's usage: every variable it reads, with {@code task-handler.properties}'
 * defaults.
 */
final class TaskHandlerUsage {

  static final Usage USAGE =
      Usage.service(
          "task-handler",
          "serve Cloud Tasks' requests on PORT: sign each input's URL, create its Ittybit"
              + " job, record the outcome",
          IttybitProperties.variables("the Ittybit API key (required)", "read timeout for Ittybit"),
          List.of(
              new Variable(
                  "WEBHOOK_URL",
                  "the webhook-handler's public /webhook URL (required with JOB_WEBHOOK_URL)"),
              new Variable(
                  "WEBHOOK_TOKEN", "the webhook-handler's token, added to each job's webhook_url"),
              new Variable(
                  "JOB_WEBHOOK_URL",
                  "true to send each job a webhook_url (an older Ittybit generation; today's"
                      + " reference does not list the field) [false]"),
              new Variable(
                  "JOB_OUTPUT", "an s3:// location sent as each job's output [none: not sent]"),
              new Variable(
                  "MAX_ATTEMPTS",
                  "from this attempt on, a retryable failure is recorded dispatch_failed and"
                      + " acknowledged"),
              new Variable("SIGNED_URL_TTL", "signed URL lifetime from enqueued_at (at most 7d)"),
              new Variable(
                  "SIGNED_URL_MIN_VALIDITY", "the least lifetime a URL may have left to be sent"),
              new Variable("CHECK_OBJECT_EXISTS", "look each object up before signing"),
              new Variable(
                  "SIGNING_SERVICE_ACCOUNT",
                  "the account URLs are signed as, through IAM's signBlob: this service's own"
                      + " (required)"),
              new Variable(
                  "GCP_PROJECT", "the project of the BigQuery dataset and the queue (required)"),
              new Variable("BIGQUERY_LOCATION", "the BigQuery dataset's location"),
              new Variable("GCP_LOCATION", "the queue's region: the breaker pauses that queue"),
              new Variable("QUEUE", "the Cloud Tasks queue the breaker pauses"),
              new Variable(
                  "BREAKER_FIRST_ENTRIES",
                  "a batch stops when its first N Ittybit answers are the same refusal [10]"),
              new Variable("BREAKER_WINDOW", "... or when most of its last N answers are [100]"),
              new Variable("BREAKER_SHARE", "... that share of them [0.8]"),
              new Variable(
                  "BREAKER_REPAUSE_EVERY",
                  "how often a refused entry may pause the queue again after a resume [10s]"),
              new Variable("BIGQUERY_DATASET", "the results dataset"),
              new Variable("BIGQUERY_TABLE", "the results table"),
              new Variable(
                  "LOG_FORMAT", "the console log's structured format (Cloud Logging's JSON)")));

  private TaskHandlerUsage() {}
}
