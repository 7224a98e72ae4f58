package dev.ittybatch.orchestrator.run;

import dev.ittybatch.common.identity.BatchId;
import dev.ittybatch.common.results.ResultStatus;
import dev.ittybatch.orchestrator.enqueue.Shard;
import java.time.Duration;
import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.convert.DurationStyle;
import org.springframework.core.env.Environment;

/**
 * What one run does, from the command line and Cloud Run's task variables. The options, and what
 * each means, are those of {@link OrchestratorUsage}: an option it does not list is refused.
 */
public record RunOptions(
    String manifest,
    BatchId batchId,
    int concurrency,
    boolean skipInvalid,
    String rejects,
    boolean dryRun,
    Shard shard,
    String runId,
    Set<ResultStatus> retry,
    boolean reconcile,
    boolean redrive,
    Duration olderThan,
    Integer statusPort,
    boolean preflight,
    String registerWebhook,
    Action action) {

  /** What a run does to a batch as a whole instead of enqueueing: {@code --pause} and the rest. */
  public enum Action {
    PAUSE,
    RESUME,
    CANCEL;

    String option() {
      return name().toLowerCase(java.util.Locale.ROOT);
    }
  }

  // Measured with bench/enqueue.sh at 20 ms a call: 64 in flight gave 43x a one-at-a-time loop, 128
  // gave 54x, 256 gave 71x and the least CPU per task (the gRPC transport batches more per wakeup).
  public static final int DEFAULT_CONCURRENCY = 256;
  static final Duration DEFAULT_OLDER_THAN = Duration.ofMinutes(30);
  private static final Set<ResultStatus> REDRIVABLE =
      EnumSet.of(
          ResultStatus.DISPATCH_FAILED,
          ResultStatus.FAILED,
          ResultStatus.REJECTED,
          ResultStatus.CANCELLED,
          ResultStatus.LOST);

  /**
   * @throws UsageException naming the option that is wrong
   */
  public static RunOptions from(ApplicationArguments args, Environment env) {
    for (String name : args.getOptionNames()) {
      if (!OrchestratorUsage.USAGE.optionNames().contains(name)) {
        throw new UsageException("unknown option --" + name);
      }
    }
    if (!args.getNonOptionArgs().isEmpty()) {
      throw new UsageException("unexpected argument " + args.getNonOptionArgs().get(0));
    }
    boolean reconcile = args.containsOption("reconcile");
    String manifest = single(args, "manifest");
    String batch = single(args, "batch-id");
    boolean statusWeb = args.containsOption("status-web");
    if (statusWeb && (manifest == null || manifest.isBlank()) && batch == null) {
      batch = "status";
    }
    boolean preflight = args.containsOption("preflight");
    String registerWebhook = single(args, "register-webhook");
    Action action = null;
    for (Action each : Action.values()) {
      if (args.containsOption(each.option())) {
        if (action != null || reconcile) {
          throw new UsageException(
              "--pause, --resume, --cancel and --reconcile are separate runs: give one");
        }
        action = each;
      }
    }
    if (action != null && batch == null) {
      throw new UsageException("--" + action.option() + " needs --batch-id: the batch it acts on");
    }
    boolean needsNoManifest = preflight || registerWebhook != null || action != null;
    if (needsNoManifest && (manifest == null || manifest.isBlank()) && batch == null) {
      batch = preflight ? "preflight" : "webhooks";
    }
    if ((manifest == null || manifest.isBlank())
        && !((reconcile || statusWeb || needsNoManifest) && batch != null)) {
      throw new UsageException(
          "--manifest is required (gs://bucket/manifest.jsonl or a file); --reconcile needs"
              + " --manifest or --batch-id");
    }
    BatchId batchId;
    try {
      batchId = batch == null ? BatchId.fromManifestName(manifest) : new BatchId(batch);
    } catch (IllegalArgumentException e) {
      throw new UsageException("--batch-id: " + e.getMessage());
    }
    int concurrency = DEFAULT_CONCURRENCY;
    String concurrencyText = single(args, "concurrency");
    if (concurrencyText != null) {
      try {
        concurrency = Integer.parseInt(concurrencyText.trim());
      } catch (NumberFormatException e) {
        concurrency = -1;
      }
      if (concurrency < 1 || concurrency > 2000) {
        throw new UsageException(
            "--concurrency must be a whole number from 1 to 2000, found " + concurrencyText);
      }
    }
    Shard shard;
    try {
      shard =
          Shard.of(
              env.getProperty("CLOUD_RUN_TASK_INDEX", "0"),
              env.getProperty("CLOUD_RUN_TASK_COUNT", "1"));
    } catch (IllegalArgumentException e) {
      throw new UsageException(e.getMessage());
    }
    Set<ResultStatus> retry = retryStatuses(single(args, "retry"));
    if ((reconcile || action != null) && !retry.isEmpty()) {
      throw new UsageException(
          "--retry is a run of its own: give it without --reconcile or --"
              + (action == null ? "reconcile" : action.option()));
    }
    if (args.containsOption("no-redrive") && !reconcile) {
      throw new UsageException("--no-redrive only applies to --reconcile");
    }
    Duration olderThan = DEFAULT_OLDER_THAN;
    String olderText = single(args, "older-than");
    if (olderText != null) {
      try {
        olderThan = DurationStyle.detectAndParse(olderText.trim());
      } catch (IllegalArgumentException e) {
        throw new UsageException(
            "--older-than must be a duration like 30m or 2h, found " + olderText);
      }
      if (olderThan.isNegative()) {
        throw new UsageException("--older-than must not be negative, found " + olderText);
      }
    }
    return new RunOptions(
        manifest == null ? null : manifest.trim(),
        batchId,
        concurrency,
        args.containsOption("skip-invalid"),
        Executions.uniqueToExecution(
            single(args, "rejects"),
            env.getProperty("CLOUD_RUN_EXECUTION"),
            env.getProperty("CLOUD_RUN_TASK_ATTEMPT", "0")),
        args.containsOption("dry-run"),
        shard,
        Executions.runId(env, shard),
        retry,
        reconcile,
        !args.containsOption("no-redrive"),
        olderThan,
        statusWeb ? statusPort(single(args, "status-web")) : null,
        preflight,
        registerWebhook,
        action);
  }

  static int statusPort(String text) {
    if (text == null || text.isBlank()) {
      return 8080;
    }
    try {
      int port = Integer.parseInt(text.trim());
      if (port >= 0 && port <= 65535) {
        return port;
      }
    } catch (NumberFormatException e) {
      // said below
    }
    throw new UsageException("--status-web=PORT must be a port number, found " + text);
  }

  static Set<ResultStatus> retryStatuses(String text) {
    if (text == null) {
      return Set.of();
    }
    Set<ResultStatus> statuses = EnumSet.noneOf(ResultStatus.class);
    for (String part : text.split(",")) {
      ResultStatus status =
          ResultStatus.fromWireName(part.trim())
              .filter(REDRIVABLE::contains)
              .orElseThrow(
                  () ->
                      new UsageException(
                          "--retry: \""
                              + part.trim()
                              + "\" is not one of dispatch_failed, failed, rejected, cancelled,"
                              + " lost"));
      statuses.add(status);
    }
    return Collections.unmodifiableSet(statuses);
  }

  private static String single(ApplicationArguments args, String name) {
    List<String> values = args.getOptionValues(name);
    if (values == null || values.isEmpty()) {
      return null;
    }
    if (values.size() > 1) {
      throw new UsageException("--" + name + " given " + values.size() + " times");
    }
    return values.get(0);
  }
}
