package dev.ittybatch.local.ittybit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Where ffmpeg and ffprobe come from: a program named in the environment, else Maven's. */
class FfmpegProgramsTest {

  @TempDir Path dir;

  @Test
  void withNothingSetTheProgramsComeFromMavenAndRun() throws Exception {
    FfmpegPrograms programs = FfmpegPrograms.locate(Map.of());

    assertThat(programs.origin()).startsWith("org.bytedeco:ffmpeg for ");
    assertThat(programs.ffmpeg()).isExecutable().hasFileName("ffmpeg");
    assertThat(programs.ffprobe()).isExecutable().hasFileName("ffprobe");
    assertThat(Transcoder.run(java.util.List.of(programs.ffprobe().toString(), "-version"), 30))
        .extracting(Transcoder.Result::exit)
        .isEqualTo(0);
  }

  @Test
  void theMavenBuildEncodesEveryDefaultFormat() throws Exception {
    FfmpegPrograms programs = FfmpegPrograms.locate(Map.of());

    // mp4/mov/hls (H.264), webm (VP9), av1, mp3, aac, opus, webp, jpeg, png, gif
    assertThat(programs.encoders())
        .containsAnyOf("libx264", "libopenh264")
        .contains(
            "libvpx-vp9", "libaom-av1", "libmp3lame", "aac", "libopus", "libwebp", "mjpeg", "png")
        .contains("gif");
  }

  @Test
  void programsNamedInTheEnvironmentWin() throws Exception {
    FfmpegPrograms maven = FfmpegPrograms.locate(Map.of());
    Path ffmpeg = wrapper("my-ffmpeg", maven.ffmpeg());
    Path ffprobe = wrapper("my-ffprobe", maven.ffprobe());

    FfmpegPrograms chosen =
        FfmpegPrograms.locate(
            Map.of(FfmpegPrograms.FFMPEG, ffmpeg.toString(), "FFPROBE", ffprobe.toString()));

    assertThat(chosen.ffmpeg()).isEqualTo(ffmpeg);
    assertThat(chosen.ffprobe()).isEqualTo(ffprobe);
    assertThat(chosen.origin()).isEqualTo("FFMPEG");
    assertThat(chosen.encoders()).isEqualTo(maven.encoders());
  }

  /** A program of its own that runs another: as a system build would be, somewhere else. */
  Path wrapper(String name, Path program) throws Exception {
    Path script = dir.resolve(name);
    Files.writeString(script, "#!/bin/sh\nexec '" + program + "' \"$@\"\n");
    script.toFile().setExecutable(true);
    return script;
  }

  @Test
  void aVariableNamingNoProgramIsRefusedNamingIt() {
    String missing = dir.resolve("no-such-ffprobe").toString();

    assertThatThrownBy(() -> FfmpegPrograms.locate(Map.of("FFPROBE", missing)))
        .isInstanceOf(FfmpegPrograms.Unavailable.class)
        .hasMessage(
            "FFPROBE=" + missing + " is not an executable file: set it to the program's path");
  }
}
