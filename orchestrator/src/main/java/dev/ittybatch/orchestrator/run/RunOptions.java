package dev.ittybatch.orchestrator.run;

import dev.ittybatch.common.identity.BatchId;
import dev.ittybatch.orchestrator.enqueue.Shard;
import java.util.List;
import java.util.Set;
import org.springframework.boot.ApplicationArguments;
import org.springframework.core.env.Environment;

/**
 * What one run does, from the command line and Cloud Run's task variables.
 *
 * <pre>
 * --manifest=gs://bucket/path.jsonl[.gz] | ./local.jsonl   (required)
 * --batch-id=ID          default: derived from the manifest name
 * --concurrency=N        CreateTask calls in flight, default 64
 * --skip-invalid         enqueue the valid entries, report the invalid ones
 * --rejects=LOCATION     also write invalid lines there as JSONL (gs:// or a local path); in a
 *                        Cloud Run execution the execution and attempt are added to the name
 *                        (rejects.jsonl becomes rejects-EXECUTION-aN.jsonl)
 * --dry-run              validate and count, enqueue nothing
 * </pre>
 */
public record RunOptions(
    String manifest,
    BatchId batchId,
    int concurrency,
    boolean skipInvalid,
    String rejects,
    boolean dryRun,
    Shard shard) {

  static final int DEFAULT_CONCURRENCY = 64;
  private static final Set<String> KNOWN =
      Set.of("manifest", "batch-id", "concurrency", "skip-invalid", "rejects", "dry-run");

  /**
   * @throws UsageException naming the option that is wrong
   */
  public static RunOptions from(ApplicationArguments args, Environment env) {
    for (String name : args.getOptionNames()) {
      if (!KNOWN.contains(name)) {
        throw new UsageException("unknown option --" + name);
      }
    }
    if (!args.getNonOptionArgs().isEmpty()) {
      throw new UsageException("unexpected argument " + args.getNonOptionArgs().get(0));
    }
    String manifest = single(args, "manifest");
    if (manifest == null || manifest.isBlank()) {
      throw new UsageException("--manifest is required (gs://bucket/manifest.jsonl or a file)");
    }
    String batch = single(args, "batch-id");
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
    return new RunOptions(
        manifest.trim(),
        batchId,
        concurrency,
        args.containsOption("skip-invalid"),
        uniqueToExecution(
            single(args, "rejects"),
            env.getProperty("CLOUD_RUN_EXECUTION"),
            env.getProperty("CLOUD_RUN_TASK_ATTEMPT", "0")),
        args.containsOption("dry-run"),
        shard);
  }

  /**
   * The job may create objects in the manifest bucket but not overwrite them, so a second run, or
   * Cloud Run retrying this one, must not write the report to the same name.
   */
  static String uniqueToExecution(String rejects, String execution, String attempt) {
    if (rejects == null || execution == null || execution.isBlank()) {
      return rejects;
    }
    String suffix = "-" + execution.replaceAll("[^A-Za-z0-9_-]", "") + "-a" + attempt.trim();
    int slash = rejects.lastIndexOf('/');
    int dot = rejects.indexOf('.', slash + 1);
    return dot < 0 ? rejects + suffix : rejects.substring(0, dot) + suffix + rejects.substring(dot);
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
