package dev.ittybatch.orchestrator.bench;

import com.google.api.gax.core.NoCredentialsProvider;
import com.google.api.gax.grpc.InstantiatingGrpcChannelProvider;
import com.google.cloud.tasks.v2.CloudTasksClient;
import com.google.cloud.tasks.v2.CloudTasksSettings;
import com.google.cloud.tasks.v2.HttpMethod;
import com.google.cloud.tasks.v2.HttpRequest;
import com.google.cloud.tasks.v2.Task;
import com.google.protobuf.ByteString;
import dev.ittybatch.common.bench.Heap;
import dev.ittybatch.orchestrator.FakeCloudTasks;
import dev.ittybatch.orchestrator.OrchestratorApplication;
import io.grpc.ManagedChannelBuilder;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.builder.SpringApplicationBuilder;

/**
 * Enqueues a generated manifest through the whole orchestrator (real client, gRPC on loopback) into
 * a fake Cloud Tasks that answers each call after a set latency, then times a one-task-at-a-time
 * loop (the original design) on a slice for comparison. Run through {@code bench/enqueue.sh}.
 */
public final class EnqueueBenchmark {

  public static void main(String[] args) throws Exception {
    int entries = args.length > 0 ? Integer.parseInt(args[0]) : 50_000;
    long latency = args.length > 1 ? Long.parseLong(args[1]) : 20;
    int sequentialSlice = args.length > 2 ? Integer.parseInt(args[2]) : 250;
    int concurrency = args.length > 3 ? Integer.parseInt(args[3]) : 64;
    System.exit(run(entries, latency, sequentialSlice, concurrency) ? 0 : 1);
  }

  /**
   * @return true when the orchestrator exited 0 having created exactly one task per entry
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
    try (FakeCloudTasks fake = new FakeCloudTasks()) {
      fake.latencyMillis = latency;
      fake.retain = false;

      long start = System.nanoTime();
      int exit =
          SpringApplication.exit(
              new SpringApplicationBuilder(OrchestratorApplication.class)
                  .properties(OrchestratorApplication.CONFIG)
                  .properties(
                      Map.of(
                          "GCP_PROJECT", "bench",
                          "GCP_LOCATION", "local",
                          "HANDLER_URL", "http://127.0.0.1:1/",
                          "CLOUD_TASKS_EMULATOR_HOST", fake.target(),
                          "LOG_FORMAT", "",
                          "logging.level.root", "WARN",
                          "logging.level.dev.ittybatch", "INFO"))
                  .run(
                      "--manifest=" + manifest,
                      "--batch-id=bench-" + System.currentTimeMillis(),
                      "--concurrency=" + concurrency));
      double parallelSeconds = (System.nanoTime() - start) / 1e9;
      double parallelRate = fake.created.get() / parallelSeconds;
      System.out.printf(
          "orchestrator: %,d tasks in %.2f s = %,.0f tasks/s (exit %d, concurrency %d, %d ms per"
              + " call); peak heap %,d MiB of %,d MiB%n",
          fake.created.get(),
          parallelSeconds,
          parallelRate,
          exit,
          concurrency,
          latency,
          Heap.peakBytes() >> 20,
          Runtime.getRuntime().maxMemory() >> 20);

      boolean ok = exit == 0 && fake.created.get() == entries;
      if (!ok) {
        System.out.printf(
            "FAILED: the orchestrator exited %d and created %,d of %,d tasks%n",
            exit, fake.created.get(), entries);
      }
      if (sequentialSlice > 0) {
        double sequentialRate = sequential(fake, sequentialSlice);
        System.out.printf(
            "one at a time: %,d tasks at %,.0f tasks/s; speed-up %.0fx%n",
            sequentialSlice, sequentialRate, parallelRate / sequentialRate);
      }
      return ok;
    }
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
