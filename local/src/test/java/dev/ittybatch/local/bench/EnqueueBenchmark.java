package dev.ittybatch.local.bench;

import com.google.api.gax.core.NoCredentialsProvider;
import com.google.api.gax.grpc.InstantiatingGrpcChannelProvider;
import com.google.cloud.bigquery.TableId;
import com.google.cloud.storage.BlobInfo;
import com.google.cloud.tasks.v2.CloudTasksClient;
import com.google.cloud.tasks.v2.CloudTasksSettings;
import com.google.cloud.tasks.v2.HttpMethod;
import com.google.cloud.tasks.v2.HttpRequest;
import com.google.cloud.tasks.v2.Task;
import com.google.protobuf.ByteString;
import dev.ittybatch.common.bench.Heap;
import dev.ittybatch.common.manifest.ManifestReader;
import dev.ittybatch.common.manifest.ManifestRecord;
import dev.ittybatch.common.results.ResultRow;
import dev.ittybatch.common.results.ResultRowBuilder;
import dev.ittybatch.common.results.ResultStatus;
import dev.ittybatch.common.results.bigquery.BigQueryResultsStore;
import dev.ittybatch.local.testing.DataStandIns;
import dev.ittybatch.orchestrator.FakeCloudTasks;
import dev.ittybatch.orchestrator.OrchestratorApplication;
import io.grpc.ManagedChannelBuilder;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.util.FileSystemUtils;

/**
 * Enqueues a generated manifest through the whole orchestrator as deployed (real clients, gRPC on
 * loopback) into a fake Cloud Tasks that answers each call after a set latency, its ledger as in
 * production: NDJSON files uploaded to the Cloud Storage stand-in and loaded by load jobs into the
 * BigQuery stand-in, read back by query jobs. Then it re-runs it as a re-run next week would find
 * it (every entry settled in the results, so every one is skipped through the streamed state
 * query), then times a one-task-at-a-time loop (the original design) on a slice against the same
 * fake. CPU is the whole process's, fake and stand-ins included, per 1,000 tasks. Run through
 * {@code bench/enqueue.sh}.
 */
public final class EnqueueBenchmark {

  public static void main(String[] args) throws Exception {
    int entries = args.length > 0 ? Integer.parseInt(args[0]) : 50_000;
    long latency = args.length > 1 ? Long.parseLong(args[1]) : 20;
    int sequentialSlice = args.length > 2 ? Integer.parseInt(args[2]) : 250;
    int concurrency =
        args.length > 3
            ? Integer.parseInt(args[3])
            : dev.ittybatch.orchestrator.run.RunOptions.DEFAULT_CONCURRENCY;
    System.exit(run(entries, latency, sequentialSlice, concurrency) ? 0 : 1);
  }

  /**
   * @return true when the first run created exactly one task per entry and the re-run none
   */
  public static boolean run(int entries, long latency, int sequentialSlice, int concurrency)
      throws Exception {
    Path manifest = Path.of("target", "bench-enqueue-" + entries + ".jsonl");
    Files.createDirectories(manifest.getParent());
    if (!Files.exists(manifest)) {
      try (BufferedWriter out = Files.newBufferedWriter(manifest)) {
        for (int i = 0; i < entries; i++) {
          out.write(
              "{\"path\":\"gs://media-library/videos/"
                  + i
                  + ".mov\",\"kind\":\"video\",\"options\":{\"width\":1920,\"format\":\"mp4\"}}\n");
        }
      }
    }
    Path dir = Files.createTempDirectory(manifest.getParent(), "bench-enqueue-");
    try (FakeCloudTasks fake = new FakeCloudTasks();
        DataStandIns standIns = new DataStandIns(dir)) {
      fake.latencyMillis = latency;
      fake.retain = false;
      // As deploy.sh run puts it: in the manifest bucket, read from there.
      String uri = "gs://" + DataStandIns.MANIFESTS + "/manifests/" + manifest.getFileName();
      standIns
          .storage(DataStandIns.OPERATOR)
          .create(
              BlobInfo.newBuilder(DataStandIns.MANIFESTS, "manifests/" + manifest.getFileName())
                  .build(),
              Files.readAllBytes(manifest));
      String batch = "bench-" + System.currentTimeMillis();

      Measured first = orchestrate(standIns, fake, uri, batch, concurrency);
      long created = fake.created.get();
      double rate = created / first.seconds();
      System.out.printf(
          "first run: %,d tasks in %.2f s = %,.0f tasks/s (exit %d, concurrency %d, %d ms per"
              + " call); %.0f CPU-ms per 1,000 tasks; peak heap %,d MiB of %,d MiB%n",
          created,
          first.seconds(),
          rate,
          first.exit(),
          concurrency,
          latency,
          first.cpuMillis() * 1000.0 / Math.max(created, 1),
          Heap.peakBytes() >> 20,
          Runtime.getRuntime().maxMemory() >> 20);

      // A re-run after the batch finished: every entry's outcome is terminal, so none is enqueued.
      settle(standIns, manifest, batch);
      Measured again = orchestrate(standIns, fake, uri, batch, concurrency);
      long createdAgain = fake.created.get() - created;
      System.out.printf(
          "re-run, all settled: %,d tasks created, %.2f s (%.2fx the first run); peak heap %,d"
              + " MiB%n",
          createdAgain, again.seconds(), again.seconds() / first.seconds(), Heap.peakBytes() >> 20);

      boolean ok =
          first.exit() == 0 && created == entries && again.exit() == 0 && createdAgain == 0;
      if (!ok) {
        System.out.printf(
            "FAILED: first run exited %d with %,d of %,d tasks; re-run exited %d with %,d%n",
            first.exit(), created, entries, again.exit(), createdAgain);
      }
      if (sequentialSlice > 0) {
        double sequentialRate = sequential(fake, sequentialSlice);
        System.out.printf(
            "one at a time: %,d tasks at %,.0f tasks/s; speed-up %.0fx%n",
            sequentialSlice, sequentialRate, rate / sequentialRate);
      }
      return ok;
    } finally {
      FileSystemUtils.deleteRecursively(dir);
    }
  }

  /**
   * Every entry's job succeeded: the rows the webhook-handler would have written, a chunk at a time
   * so a million entries fit the heap.
   */
  private static void settle(DataStandIns standIns, Path manifest, String batch) throws Exception {
    try (ManifestReader reader =
            ManifestReader.open(Files.newInputStream(manifest), manifest.toString());
        BigQueryResultsStore results =
            new BigQueryResultsStore(
                standIns.bigQuery("ittybatch-webhook@local.iam.gserviceaccount.com"),
                TableId.of(DataStandIns.PROJECT, DataStandIns.DATASET, "task_results"),
                5000,
                Duration.ZERO,
                Duration.ofMinutes(2))) {
      List<ResultRow> rows = new ArrayList<>();
      while (reader.hasNext()) {
        if (reader.next() instanceof ManifestRecord.Valid valid) {
          String entry = valid.entry().entryId().value();
          rows.add(
              ResultRowBuilder.row("settled-" + entry, ResultStatus.SUCCEEDED, Instant.now())
                  .batchId(batch)
                  .entryId(entry)
                  .jobId("job_" + entry)
                  .origin("webhook")
                  .generation(0)
                  .build());
        }
        if (rows.size() == 10_000 || !reader.hasNext()) {
          results.record(rows);
          rows.clear();
        }
      }
    }
  }

  record Measured(int exit, double seconds, double cpuMillis) {}

  private static Measured orchestrate(
      DataStandIns standIns, FakeCloudTasks fake, String manifest, String batch, int concurrency) {
    com.sun.management.OperatingSystemMXBean os =
        (com.sun.management.OperatingSystemMXBean)
            java.lang.management.ManagementFactory.getOperatingSystemMXBean();
    long cpu = os.getProcessCpuTime();
    long start = System.nanoTime();
    Map<String, Object> environment =
        new HashMap<>(standIns.environment("ittybatch-orchestrator@local.iam.gserviceaccount.com"));
    environment.putAll(
        Map.of(
            "GCP_LOCATION", "local",
            "HANDLER_URL", "http://127.0.0.1:1/",
            "SERVICE_ACCOUNT_EMAIL", "ittybatch-tasks-invoker@local.iam.gserviceaccount.com",
            "CLOUD_TASKS_EMULATOR_HOST", fake.target(),
            "LOG_FORMAT", "",
            "logging.level.root", "WARN",
            "logging.level.dev.ittybatch", "INFO"));
    int exit =
        SpringApplication.exit(
            new SpringApplicationBuilder(OrchestratorApplication.class)
                .properties(OrchestratorApplication.CONFIG)
                .properties(environment)
                .run(
                    "--manifest=" + manifest,
                    "--batch-id=" + batch,
                    "--concurrency=" + concurrency));
    return new Measured(
        exit, (System.nanoTime() - start) / 1e9, (os.getProcessCpuTime() - cpu) / 1e6);
  }

  private static double sequential(FakeCloudTasks fake, int count) throws IOException {
    CloudTasksSettings settings =
        CloudTasksSettings.newBuilder()
            .setCredentialsProvider(NoCredentialsProvider.create())
            .setTransportChannelProvider(
                InstantiatingGrpcChannelProvider.newBuilder()
                    .setEndpoint(fake.target())
                    .setChannelConfigurator(ManagedChannelBuilder::usePlaintext)
                    .build())
            .build();
    try (CloudTasksClient client = CloudTasksClient.create(settings)) {
      String queue = "projects/bench/locations/local/queues/q";
      long start = System.nanoTime();
      for (int i = 0; i < count; i++) {
        client.createTask(
            queue,
            Task.newBuilder()
                .setName(queue + "/tasks/seq-" + i)
                .setHttpRequest(
                    HttpRequest.newBuilder()
                        .setUrl("http://127.0.0.1:1/")
                        .setHttpMethod(HttpMethod.POST)
                        .setBody(ByteString.copyFromUtf8("{}")))
                .build());
      }
      return count / ((System.nanoTime() - start) / 1e9);
    }
  }
}
