package dev.ittybatch.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.ittybatch.local.ittybit.Dialect;
import dev.ittybatch.local.ittybit.Faults;
import dev.ittybatch.local.run.LocalPipeline;
import dev.ittybatch.local.run.PipelineSettings;
import dev.ittybatch.local.testing.Media;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A folder of real media through the whole local pipeline: the task-handler signs each object's URL
 * for the Cloud Storage stand-in, the simulator fetches it through that URL and transcodes it, and
 * the rows in the results store say what ffprobe says of each output.
 */
class MediaDirPipelineTest {

  static final JsonMapper JSON = JsonMapper.builder().build();

  @TempDir Path dir;

  @Test
  void everyFileIsTranscodedAndItsRowAgreesWithFfprobe() throws Exception {
    Media.programs();
    Path media = Files.createDirectories(dir.resolve("media/my clips"));
    Media.ffmpeg(
        "-f",
        "lavfi",
        "-i",
        "testsrc=duration=1:size=640x360:rate=25",
        "-pix_fmt",
        "yuv420p",
        media.resolve("clip #1.mp4").toString());
    Media.ffmpeg(
        "-f",
        "lavfi",
        "-i",
        "testsrc=size=800x600",
        "-frames:v",
        "1",
        media.resolve("still.png").toString());
    Path manifest = dir.resolve("media.jsonl");
    Files.writeString(
        manifest,
        "{\"path\":\"gs://local-media/my clips/clip #1.mp4\",\"kind\":\"video\","
            + "\"options\":{\"format\":\"mp4\",\"width\":320}}\n"
            + "{\"path\":\"gs://local-media/my clips/still.png\",\"kind\":\"image\","
            + "\"options\":{\"format\":\"webp\",\"width\":200}}\n");
    PipelineSettings settings =
        new PipelineSettings(
            dir.resolve("data"),
            20,
            10,
            5,
            Duration.ofSeconds(1),
            Duration.ofSeconds(10),
            20,
            Duration.ofMillis(100),
            0,
            Duration.ofHours(1),
            Faults.none(),
            dir.resolve("media"),
            true,
            0,
            Dialect.documented());

    try (LocalPipeline pipeline = new LocalPipeline(settings)) {
      // As deploy.sh run does: the manifest in the manifest bucket, its inputs in theirs.
      String uri = pipeline.stage(manifest);
      assertThat(pipeline.enqueue("--manifest=" + uri, "--batch-id=media")).isZero();
      await()
          .atMost(Duration.ofSeconds(90))
          .pollInterval(Duration.ofMillis(300))
          .until(() -> ((Number) pipeline.results().progress("media").get("done")).intValue() == 2);

      assertThat(pipeline.results().progress("media")).containsEntry("succeeded", 2L);
      List<Map<String, Object>> outputs = pipeline.results().query("outputs", "media");
      assertThat(outputs).hasSize(2);
      for (Map<String, Object> row : outputs) {
        Path file = dir.resolve("out-" + row.get("entry_id"));
        try (var in = URI.create((String) row.get("output_url")).toURL().openStream()) {
          Files.copy(in, file);
        }
        JsonNode stream = Media.streams(file).get(0);
        assertThat(((Number) row.get("width")).intValue()).isEqualTo(stream.path("width").asInt());
        assertThat(((Number) row.get("height")).intValue())
            .isEqualTo(stream.path("height").asInt());
      }
      assertThat(outputs)
          .extracting(row -> ((Number) row.get("width")).intValue() + " " + row.get("format"))
          .containsExactlyInAnyOrder("320 mp4", "200 webp");
      // The status page lists the same outputs with the same measurements.
      String page =
          java.net.http.HttpClient.newHttpClient()
              .send(
                  java.net.http.HttpRequest.newBuilder(URI.create(pipeline.status().url("media")))
                      .build(),
                  java.net.http.HttpResponse.BodyHandlers.ofString())
              .body();
      assertThat(page).contains("<td>320&times;180</td>").contains("<td>200&times;150</td>");
      assertThat(pipeline.storage().downloads()).isEqualTo(2);
      assertThat(pipeline.storage().refusals()).isZero();
    }
  }
}
