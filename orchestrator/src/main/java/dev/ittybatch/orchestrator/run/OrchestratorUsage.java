package dev.ittybatch.orchestrator.run;

import dev.ittybatch.common.cli.Usage;
import dev.ittybatch.common.cli.Usage.Mode;
import dev.ittybatch.common.cli.Usage.Option;
import dev.ittybatch.common.cli.Usage.Variable;
import dev.ittybatch.common.ittybit.client.IttybitProperties;
import java.util.List;

/**
 * The orchestrator's usage: its modes, every option {@link RunOptions} accepts (it accepts exactly
 * these), and every environment variable, with the defaults of {@code orchestrator.properties}.
 */
final class OrchestratorUsage {

  public static final Usage USAGE =
      new Usage(
          "orchestrator",
          List.of(
              new Mode(
                  "--manifest=LOCATION [--batch-id=ID] [--concurrency=N] [--skip-invalid]"
                      + " [--rejects=LOCATION]",
                  "record the batch in its ledger and create one Cloud Tasks task per entry"),
              new Mode(
                  "--manifest=LOCATION --dry-run",
                  "validate and count per kind, enqueue nothing; needs no variable, only the"
                      + " manifest (read access to a gs:// one)"),
              new Mode(
                  "--manifest=LOCATION --retry=STATUS[,STATUS...]",
                  "re-drive the entries whose latest outcome is one of these statuses"),
              new Mode(
                  "--reconcile --batch-id=ID [--no-redrive] [--older-than=DURATION]",
                  "settle the batch: fetch jobs dispatched long ago, re-drive entries whose task"
                      + " is gone"),
              new Mode(
                  "--pause --batch-id=ID",
                  "pause one batch: delete its queued tasks by name, re-drive nothing of it until"
                      + " resumed; jobs Ittybit has made finish and are recorded"),
              new Mode(
                  "--resume --batch-id=ID [--manifest=LOCATION]",
                  "resume a paused (or reopen a cancelled) batch: enqueue each entry with no"
                      + " outcome again under its own idempotency key and bytes"),
              new Mode(
                  "--cancel --batch-id=ID",
                  "cancel one batch: delete its queued tasks, record each entry with no outcome"
                      + " cancelled; jobs Ittybit has made finish and are recorded"),
              new Mode(
                  "--status-web[=PORT] [--batch-id=ID]",
                  "serve the status page on 127.0.0.1 until stopped"),
              new Mode(
                  "--preflight [--manifest=LOCATION]",
                  "before a big batch: the key works, the webhook endpoint is registered, and the"
                      + " manifest's first entry goes the whole way (each step OK or FAILED)"),
              new Mode(
                  "--register-webhook=URL",
                  "register the webhook endpoint for URL with Ittybit, or find it there"),
              new Mode("--help", "print this and exit")),
          List.of(
              new Option(
                  "manifest",
                  "LOCATION",
                  "gs://bucket/path.jsonl[.gz] or a local file (required but for --reconcile and"
                      + " --status-web with --batch-id)"),
              new Option("batch-id", "ID", "default: from the manifest's name"),
              new Option(
                  "concurrency",
                  "N",
                  "CreateTask calls in flight, 1 to 2000 (default "
                      + RunOptions.DEFAULT_CONCURRENCY
                      + ")"),
              new Option(
                  "skip-invalid",
                  null,
                  "enqueue the valid entries and list the invalid lines on stderr (default:"
                      + " enqueue nothing if any line is invalid)"),
              new Option(
                  "rejects",
                  "LOCATION",
                  "also write the invalid lines there as JSONL (gs:// or a local path; in Cloud"
                      + " Run the execution and attempt are added to the name)"),
              new Option(
                  "dry-run",
                  null,
                  "validate and count per kind; problems on stderr as file:line: reason"),
              new Option(
                  "retry",
                  "STATUS[,STATUS...]",
                  "re-drive entries whose latest outcome is dispatch_failed, failed, rejected,"
                      + " cancelled or lost, as their next generation"),
              new Option(
                  "reconcile",
                  null,
                  "settle the batch instead of enqueueing (--manifest optional: the ledger knows"
                      + " it)"),
              new Option(
                  "no-redrive",
                  null,
                  "with --reconcile: record entries whose task is gone as lost instead"),
              new Option(
                  "older-than",
                  "DURATION",
                  "with --reconcile: how old \"long ago\" is, e.g. 30m or 2h (default "
                      + RunOptions.DEFAULT_OLDER_THAN.toMinutes()
                      + "m)"),
              new Option(
                  "pause", null, "pause the batch of --batch-id (its other batches untouched)"),
              new Option(
                  "resume",
                  null,
                  "resume the batch of --batch-id (--manifest optional: the ledger knows it)"),
              new Option("cancel", null, "cancel the batch of --batch-id"),
              new Option(
                  "status-web",
                  "[=PORT]",
                  "serve the status page on 127.0.0.1 (default port 8080) until stopped"),
              new Option(
                  "preflight",
                  null,
                  "check the key, the webhook endpoint and the manifest's first entry end to end"
                      + " (--manifest optional: without it, the key and the endpoint only)"),
              new Option(
                  "register-webhook",
                  "URL",
                  "register the webhook endpoint for URL (WEBHOOK_TOKEN is added as ?token=)"),
              new Option("help", null, "print this and exit")),
          Usage.withEmulators(
              List.of(
                  new Variable("GCP_PROJECT", "the Google Cloud project of the queue and BigQuery"),
                  new Variable("GCP_LOCATION", "the queue's region, e.g. europe-west1"),
                  new Variable("QUEUE", "the Cloud Tasks queue"),
                  new Variable("HANDLER_URL", "the task-handler's URL: each task POSTs there"),
                  new Variable(
                      "SERVICE_ACCOUNT_EMAIL",
                      "the account whose OIDC token each task carries (required)"),
                  new Variable(
                      "LEDGER_LOCATION",
                      "gs:// folder for the ledger's files, in a bucket the job may write (required)"),
                  new Variable(
                      "ORCHESTRATOR_LEDGER_CHUNK",
                      "entries recorded in the ledger at a time, each chunk before its tasks [20000]"),
                  new Variable(
                      "ORCHESTRATOR_CREATE_ATTEMPTS",
                      "attempts per task for transient Cloud Tasks errors [8]"),
                  new Variable("BIGQUERY_DATASET", "the dataset of the results and the ledger"),
                  new Variable(
                      "BIGQUERY_LOCATION",
                      "the dataset's location (EU, US, europe-west1...): every job runs there"
                          + " (required)"),
                  new Variable("BIGQUERY_TABLE", "the results table")),
              IttybitProperties.variables(
                  "for --reconcile (it fetches jobs), --preflight and --register-webhook",
                  "read timeout for Ittybit"),
              List.of(
                  new Variable(
                      "NOTIFY_URL",
                      "where --reconcile posts a batch's done and stuck notices, as JSON {\"text\"}"
                          + " (a Slack incoming webhook works); none when unset. A secret"),
                  new Variable(
                      "NOTIFY_STUCK_AFTER",
                      "how long a batch with entries waiting may not move before a stuck notice"),
                  new Variable(
                      "CLOUD_SCHEDULER_EMULATOR_HOST",
                      "another Cloud Scheduler endpoint, where a done batch's schedule is deleted"
                          + " (in Cloud Run: Google's)"),
                  new Variable(
                      "WEBHOOK_URL",
                      "for --preflight: the webhook-handler's /webhook URL it expects registered"),
                  new Variable(
                      "WEBHOOK_TOKEN", "for --preflight and --register-webhook: the URL's ?token="),
                  new Variable(
                      "PREFLIGHT_TIMEOUT", "how long --preflight waits for the first entry [3m]"),
                  new Variable(
                      "PREFLIGHT_WEBHOOK_GRACE",
                      "how long it waits for the webhook once the job has ended [30s]"),
                  new Variable(
                      "PREFLIGHT_OPEN_INPUT", "whether it opens the signed URL itself [true]"),
                  new Variable(
                      "CLOUD_RUN_TASK_INDEX",
                      "set by Cloud Run: with N tasks, each enqueues the entries whose id hashes to"
                          + " its index [0]"),
                  new Variable("CLOUD_RUN_TASK_COUNT", "set by Cloud Run: the number of tasks [1]"),
                  new Variable(
                      "CLOUD_RUN_EXECUTION",
                      "set by Cloud Run: names the run in the ledger and files; a pass there ends its"
                          + " batch's schedule once done"),
                  new Variable(
                      "CLOUD_RUN_TASK_ATTEMPT", "set by Cloud Run: the task's attempt [0]"),
                  new Variable(
                      "LOG_FORMAT", "the console log's structured format (Cloud Logging's JSON)"))),
          Usage.defaultsIn("orchestrator.properties"),
          List.of(
              "exit codes: 0 done; 1 could not start (the line says which variable to set);"
                  + " 2 usage error, or invalid",
              "lines in the manifest; 3 Cloud Tasks refused (the log says what to change);"
                  + " 4 some tasks not created,",
              "or the batch's records unavailable: a re-run does only what is left; 5 a preflight"
                  + " check failed;",
              "6 the batch is paused or cancelled (the line says how to resume it)."));

  private OrchestratorUsage() {}
}
