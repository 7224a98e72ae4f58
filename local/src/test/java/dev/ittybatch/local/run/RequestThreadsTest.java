package dev.ittybatch.local.run;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** run-local's services serve requests on its few threads, a restarted task handler too. */
class RequestThreadsTest {

  @TempDir Path dir;

  @Test
  void eachServiceServesOnRunLocalsRequestThreads() throws Exception {
    Path manifest = Files.writeString(dir.resolve("empty.jsonl"), "");
    RunLocalOptions options =
        new RunLocalOptions(
            new String[] {manifest.toString(), "--data-dir=" + dir.resolve("data")});
    Map<String, Integer> expected =
        Map.of(
            "task-handler", LocalDeployment.REQUEST_THREADS,
            "webhook-handler", LocalDeployment.REQUEST_THREADS);

    try (LocalPipeline pipeline = new LocalPipeline(options.settings())) {
      assertThat(pipeline.requestThreads()).isEqualTo(expected);
      pipeline.restartTaskHandler();
      assertThat(pipeline.requestThreads()).isEqualTo(expected);
    }
  }
}
