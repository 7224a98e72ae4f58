package dev.ittybatch.local.testing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ittybatch.local.ittybit.Transcoder;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Media for tests, made by ffmpeg from its own test sources, and measured by ffprobe. */
public final class Media {

  private static final JsonMapper JSON = JsonMapper.builder().build();

  private Media() {}

  /** Runs ffmpeg quietly with these arguments; the test fails if it does. */
  public static void ffmpeg(String... args) throws Exception {
    List<String> command = new ArrayList<>(List.of("ffmpeg", "-nostdin", "-v", "error", "-y"));
    command.addAll(List.of(args));
    assertThat(Transcoder.run(command, 60).exit()).as(String.join(" ", command)).isZero();
  }

  /** ffprobe's streams of a file. */
  public static JsonNode streams(Path file) throws Exception {
    return JSON.readTree(
            Transcoder.run(
                    List.of(
                        "ffprobe",
                        "-v",
                        "error",
                        "-print_format",
                        "json",
                        "-show_streams",
                        file.toString()),
                    30)
                .output())
        .path("streams");
  }
}
