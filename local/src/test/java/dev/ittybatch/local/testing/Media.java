package dev.ittybatch.local.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import dev.ittybatch.local.ittybit.FfmpegPrograms;
import dev.ittybatch.local.ittybit.Transcoder;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Media for tests, made by ffmpeg from its own test sources, and measured by ffprobe: the programs
 * the simulator runs, from Maven unless FFMPEG and FFPROBE name others.
 */
public final class Media {

  private static final JsonMapper JSON = JsonMapper.builder().build();

  private Media() {}

  /** The programs the transcoder uses; the test fails, saying why, if they cannot run. */
  public static FfmpegPrograms programs() {
    try {
      return FfmpegPrograms.find();
    } catch (FfmpegPrograms.Unavailable e) {
      return fail(e.getMessage());
    }
  }

  /** Runs ffmpeg quietly with these arguments; the test fails if it does. */
  public static void ffmpeg(String... args) throws Exception {
    List<String> command =
        new ArrayList<>(List.of(programs().ffmpeg().toString(), "-nostdin", "-v", "error", "-y"));
    command.addAll(List.of(args));
    Transcoder.Result result = Transcoder.run(command, 60);
    assertThat(result.exit()).as(String.join(" ", command) + "\n" + result.output()).isZero();
  }

  /** ffprobe's streams of a file. */
  public static JsonNode streams(Path file) throws Exception {
    return JSON.readTree(
            Transcoder.run(
                    List.of(
                        programs().ffprobe().toString(),
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
