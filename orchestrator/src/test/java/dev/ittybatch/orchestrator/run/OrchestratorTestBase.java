package dev.ittybatch.orchestrator.run;

import dev.ittybatch.orchestrator.FakeCloudTasks;
import dev.ittybatch.orchestrator.OrchestratorApplication;
import dev.ittybatch.orchestrator.batch.FileBatchStore;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ConfigurableApplicationContext;
import tools.jackson.databind.json.JsonMapper;

/**
 * The orchestrator as a command, with the real Cloud Tasks client against a gRPC fake and a
 * file-backed batch store.
 */
@ExtendWith(OutputCaptureExtension.class)
abstract class OrchestratorTestBase {

  static final String QUEUE = "projects/proj-1/locations/europe-west1/queues/ittybit-batch";
  static final String HANDLER = "https://task-handler-abc.a.run.app/";
  static final String INVOKER = "invoker@proj-1.iam.gserviceaccount.com";
  static final String ORCHESTRATOR = "ittybatch-orchestrator@proj-1.iam.gserviceaccount.com";
  static final JsonMapper JSON = JsonMapper.builder().build();

  @TempDir Path dir;
  FakeCloudTasks cloudTasks;
  FileBatchStore store;

  @BeforeEach
  void start() throws IOException {
    cloudTasks = new FakeCloudTasks();
    store = new FileBatchStore(dir.resolve("ledger.ndjson"));
  }

  @AfterEach
  void stop() throws InterruptedException {
    cloudTasks.close();
  }

  Path manifest(String name, String... lines) throws IOException {
    Path file = dir.resolve(name);
    Files.writeString(file, String.join("\n", lines) + "\n");
    return file;
  }

  static String entry(int i) {
    return "{\"path\":\"gs://media-lib/videos/"
        + i
        + ".mov\",\"kind\":\"video\",\"options\":{\"width\":1920,\"format\":\"mp4\"}}";
  }

  static String[] entries(int count) {
    String[] lines = new String[count];
    for (int i = 0; i < count; i++) {
      lines[i] = entry(i);
    }
    return lines;
  }

  int run(Map<String, String> env, String... args) {
    Map<String, Object> properties = new HashMap<>();
    properties.put("GCP_PROJECT", "proj-1");
    properties.put("GCP_LOCATION", "europe-west1");
    properties.put("HANDLER_URL", HANDLER);
    properties.put("SERVICE_ACCOUNT_EMAIL", INVOKER);
    properties.put("CLOUD_TASKS_EMULATOR_HOST", cloudTasks.target());
    properties.put("EMULATOR_IDENTITY", ORCHESTRATOR);
    properties.put("orchestrator.retry-initial-millis", "5");
    properties.put("orchestrator.retry-max-millis", "20");
    properties.put("LOG_FORMAT", "");
    properties.putAll(env);
    ConfigurableApplicationContext context =
        store
            .installIn(new SpringApplicationBuilder(OrchestratorApplication.class))
            .properties(OrchestratorApplication.CONFIG)
            .properties(properties)
            .run(args);
    return SpringApplication.exit(context);
  }

  int run(String... args) {
    return run(Map.of(), args);
  }
}
