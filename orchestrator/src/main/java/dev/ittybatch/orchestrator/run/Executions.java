package dev.ittybatch.orchestrator.run;

import dev.ittybatch.orchestrator.enqueue.Shard;
import org.springframework.core.env.Environment;

/**
 * Names unique to one attempt of one Cloud Run task: the job may create objects in the ledger's and
 * the manifest's buckets but not overwrite them, so a second run, or Cloud Run retrying this one,
 * must never write to a name an earlier attempt used.
 */
final class Executions {

  private Executions() {}

  /**
   * Names this run in the ledger and in its files: the Cloud Run execution, task and attempt, or
   * the time for a run outside Cloud Run.
   */
  static String runId(Environment env, Shard shard) {
    String execution = env.getProperty("CLOUD_RUN_EXECUTION");
    if (execution == null || execution.isBlank()) {
      return "run-" + System.currentTimeMillis() + "-t" + shard.index();
    }
    return name(execution)
        + "-t"
        + shard.index()
        + "-a"
        + env.getProperty("CLOUD_RUN_TASK_ATTEMPT", "0").trim();
  }

  /** The rejects report's path with the execution and attempt before its extension. */
  static String uniqueToExecution(String rejects, String execution, String attempt) {
    if (rejects == null || execution == null || execution.isBlank()) {
      return rejects;
    }
    String suffix = "-" + name(execution) + "-a" + attempt.trim();
    int slash = rejects.lastIndexOf('/');
    int dot = rejects.indexOf('.', slash + 1);
    return dot < 0 ? rejects + suffix : rejects.substring(0, dot) + suffix + rejects.substring(dot);
  }

  private static String name(String execution) {
    return execution.replaceAll("[^A-Za-z0-9_-]", "");
  }
}
