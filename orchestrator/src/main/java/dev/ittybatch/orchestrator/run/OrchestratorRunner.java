package dev.ittybatch.orchestrator.run;

import dev.ittybatch.common.ittybit.WebhookUrl;
import dev.ittybatch.common.ittybit.client.IttybitClient;
import dev.ittybatch.common.ittybit.client.IttybitClients;
import dev.ittybatch.common.manifest.ManifestException;
import dev.ittybatch.common.manifest.ManifestReader;
import dev.ittybatch.common.manifest.ManifestReport;
import dev.ittybatch.common.results.ResultsStoreException;
import dev.ittybatch.orchestrator.batch.BatchState;
import dev.ittybatch.orchestrator.batch.BatchStore;
import dev.ittybatch.orchestrator.batch.EntryPlan;
import dev.ittybatch.orchestrator.enqueue.EnqueueRun;
import dev.ittybatch.orchestrator.enqueue.OrchestratorProperties;
import dev.ittybatch.orchestrator.manifest.ManifestFiles;
import dev.ittybatch.orchestrator.manifest.ManifestUnavailableException;
import dev.ittybatch.orchestrator.preflight.Preflight;
import dev.ittybatch.orchestrator.status.StatusServer;
import dev.ittybatch.orchestrator.webhooks.WebhookRegistration;
import java.io.PrintStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.boot.ExitCodeGenerator;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/**
 * One run: validate the whole manifest (unless {@code --skip-invalid}), then stream it again and
 * create this shard's tasks. Nothing is enqueued from a manifest with invalid lines unless asked,
 * so a typo on line 40,000 does not leave a half-submitted batch.
 */
@Component
class OrchestratorRunner implements ApplicationRunner, ExitCodeGenerator {

  private static final Logger log = LoggerFactory.getLogger(OrchestratorRunner.class);
  private static final int ERRORS_LISTED = 50;

  private final RunOptions options;
  private final OrchestratorProperties properties;
  private final ManifestFiles files;
  private final BatchStore store;
  private final EnqueueRun enqueueRun;
  private final BatchLifeRuns life;
  private final Preflight preflight;
  private final Environment environment;
  private final JsonMapper json;
  private final PrintStream err = System.err;
  private int exitCode = ExitCodes.OK;

  OrchestratorRunner(
      RunOptions options,
      OrchestratorProperties properties,
      ManifestFiles files,
      BatchStore store,
      EnqueueRun enqueueRun,
      BatchLifeRuns life,
      Preflight preflight,
      Environment environment,
      JsonMapper json) {
    this.options = options;
    this.properties = properties;
    this.files = files;
    this.store = store;
    this.enqueueRun = enqueueRun;
    this.life = life;
    this.preflight = preflight;
    this.environment = environment;
    this.json = json;
  }

  @Override
  public int getExitCode() {
    return exitCode;
  }

  @Override
  public void run(ApplicationArguments args) throws InterruptedException {
    MDC.put("batch_id", options.batchId().value());
    MDC.put("shard", options.shard().index() + "/" + options.shard().count());
    try {
      exitCode = runBatch();
    } catch (ManifestException | ManifestUnavailableException e) {
      log.error("cannot read the manifest: {}", e.getMessage());
      err.println(e.getMessage());
      exitCode = ExitCodes.INVALID_MANIFEST;
    } catch (ResultsStoreException e) {
      log.error("cannot read or write the batch's records: {}", e.getMessage());
      err.println("Stopped: the batch's records are unavailable: " + e.getMessage());
      exitCode = ExitCodes.SOME_FAILED;
    } finally {
      MDC.clear();
    }
  }

  private int runBatch() throws InterruptedException {
    if (options.registerWebhook() != null) {
      return registerWebhook();
    }
    if (options.preflight()) {
      return preflight.run(options.manifest()) ? ExitCodes.OK : ExitCodes.PREFLIGHT_FAILED;
    }
    if (options.reconcile()) {
      return life.reconcile();
    }
    if (options.action() != null) {
      return life.act(options.action());
    }
    if (options.statusPort() != null) {
      return serveStatus();
    }
    log.info(
        "batch {} from {} into {} (shard {} of {}, concurrency {})",
        options.batchId(),
        options.manifest(),
        properties.queuePath(),
        options.shard().index(),
        options.shard().count(),
        options.concurrency());
    if (options.dryRun()) {
      return DryRun.run(options, files, System.out, err);
    }
    if (!options.skipInvalid()) {
      ManifestReport report =
          ManifestReport.of(
              ManifestReader.open(files.open(options.manifest()), options.manifest()),
              ERRORS_LISTED);
      if (report.invalid() > 0) {
        err.print(report.describe());
        err.println(
            "Nothing was enqueued. Fix the lines above, or run with --skip-invalid to enqueue the"
                + " valid entries and report the rest.");
        log.error(
            "manifest has {} invalid of {} lines; nothing enqueued",
            report.invalid(),
            report.valid() + report.invalid());
        return ExitCodes.INVALID_MANIFEST;
      }
    }
    return enqueue();
  }

  /**
   * A plain run or a re-drive: read what the store knows of the batch, then enqueue what the plan
   * picks.
   */
  private int enqueue() throws InterruptedException {
    String held = life.refusal();
    if (held != null) {
      err.println("Nothing enqueued: " + held + ".");
      log.error("nothing enqueued: {}", held);
      return ExitCodes.BATCH_HELD;
    }
    BatchState state = BatchState.load(store, options.batchId().value());
    if (state.size() > 0) {
      log.info("batch {} already known: {}", options.batchId(), state);
    }
    if (options.retry().isEmpty()) {
      return ExitCodes.of(
          enqueueRun.run(options.manifest(), EntryPlan.firstOrRepeatRun(state), "enqueue"));
    }
    return ExitCodes.of(
        enqueueRun.run(options.manifest(), EntryPlan.retry(state, options.retry()), "retry"));
  }

  /**
   * Registers the webhook endpoint for the URL, with {@code WEBHOOK_TOKEN} as its {@code ?token=}
   * (from the environment: a command line would show it), or finds it registered already.
   */
  private int registerWebhook() {
    String url =
        WebhookUrl.withToken(
            options.registerWebhook(), environment.getProperty("WEBHOOK_TOKEN", ""));
    java.util.function.Supplier<IttybitClient> ittybit =
        IttybitClients.lazy(environment, json, "registering the webhook endpoint");
    return new WebhookRegistration(ittybit.get(), System.out).ensure(url)
        ? ExitCodes.OK
        : ExitCodes.PREFLIGHT_FAILED;
  }

  /** The status page on loopback, against this deployment's store, until the process is stopped. */
  private int serveStatus() throws InterruptedException {
    try (StatusServer server =
        new StatusServer(store, json, options.statusPort(), life.stuckAfter())) {
      System.out.println("Status page: " + server.url() + " (loopback only; Ctrl-C stops it)");
      Thread.currentThread().join();
      return ExitCodes.OK;
    } catch (java.io.IOException e) {
      err.println("cannot serve the status page: " + e.getMessage());
      return ExitCodes.SOME_FAILED;
    }
  }
}
