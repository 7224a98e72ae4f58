package dev.ittybatch.local.ittybit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.ittybatch.local.testing.Media;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Real transcodes, one per kind, from media ffmpeg generates itself, with the ffmpeg the simulator
 * runs: from Maven, so {@code ./mvnw verify} needs nothing installed.
 */
class TranscoderTest {

  static final JsonMapper JSON = JsonMapper.builder().build();

  @TempDir static Path media;
  static Path video;
  static Path audio;
  static Path image;
  static FfmpegPrograms programs;

  @BeforeAll
  static void generate() throws Exception {
    programs = Media.programs();
    video = media.resolve("in.mp4");
    audio = media.resolve("in.wav");
    image = media.resolve("in.png");
    Media.ffmpeg(
        "-f",
        "lavfi",
        "-i",
        "testsrc=duration=2:size=640x360:rate=25",
        "-f",
        "lavfi",
        "-i",
        "sine=duration=2",
        "-pix_fmt",
        "yuv420p",
        "-c:a",
        "aac",
        "-shortest",
        video.toString());
    Media.ffmpeg("-f", "lavfi", "-i", "sine=frequency=440:duration=2", audio.toString());
    Media.ffmpeg("-f", "lavfi", "-i", "testsrc=size=800x600", "-frames:v", "1", image.toString());
  }

  Transcoder.Output transcode(String kind, String options, Path input) throws Exception {
    return new Transcoder(media.resolve("out"), programs)
        .transcode("job_" + System.nanoTime(), kind, JSON.readTree(options), input);
  }

  @Test
  void aVideoIsScaledAndCutAsItsOptionsSay() throws Exception {
    Transcoder.Output out =
        transcode("video", "{\"format\":\"mp4\",\"width\":320,\"start\":0.5,\"end\":1.5}", video);
    assertThat(out.file()).exists().hasExtension("mp4");
    assertThat(out.width()).isEqualTo(320);
    assertThat(out.height()).isEqualTo(180);
    assertThat(out.duration()).isCloseTo(1.0, within(0.15));
  }

  @Test
  void anMp4IsH264FromTheEncoderThisBuildHas() throws Exception {
    Transcoder.Output out = transcode("video", "{\"format\":\"mp4\",\"quality\":\"low\"}", video);
    assertThat(Media.streams(out.file()).get(0).path("codec_name").asString()).isEqualTo("h264");
  }

  @Test
  void aCodecThisBuildCannotEncodeFailsTheJobSayingSo() throws Exception {
    Set<String> withoutVp9 = new HashSet<>(programs.encoders());
    withoutVp9.remove("libvpx-vp9");
    Transcoder limited = new Transcoder(media.resolve("out"), programs.withEncoders(withoutVp9));

    assertThatThrownBy(
            () ->
                limited.transcode(
                    "job_vp9", "video", JSON.readTree("{\"format\":\"webm\"}"), video))
        .isInstanceOf(Transcoder.Failure.class)
        .hasMessage(
            "this ffmpeg has no encoder for codec vp9 (none of libvpx-vp9); set FFMPEG to a build"
                + " that has one");
    assertThat(media.resolve("out/job_vp9.webm")).doesNotExist();
  }

  @Test
  void aWebmIsVp9AtItsFrameRate() throws Exception {
    Transcoder.Output out =
        transcode("video", "{\"format\":\"webm\",\"width\":160,\"fps\":10}", video);
    JsonNode stream = Media.streams(out.file()).get(0);
    assertThat(stream.path("codec_name").asString()).isEqualTo("vp9");
    assertThat(stream.path("r_frame_rate").asString()).isEqualTo("10/1");
  }

  @Test
  void coverFillsTheBoxAndCrops() throws Exception {
    Transcoder.Output out =
        transcode("video", "{\"width\":200,\"height\":200,\"fit\":\"cover\"}", video);
    assertThat(out.width()).isEqualTo(200);
    assertThat(out.height()).isEqualTo(200);
  }

  @Test
  void audioKeepsItsLengthAndHasNoPicture() throws Exception {
    Transcoder.Output out = transcode("audio", "{\"format\":\"mp3\",\"bitrate\":64000}", audio);
    assertThat(out.file()).hasExtension("mp3");
    assertThat(out.width()).isNull();
    assertThat(out.duration()).isCloseTo(2.0, within(0.1));
  }

  @Test
  void anImageIsAFrameAtItsTime() throws Exception {
    Transcoder.Output still = transcode("image", "{\"format\":\"webp\",\"width\":200}", image);
    assertThat(still.width()).isEqualTo(200);
    assertThat(still.height()).isEqualTo(150);
    assertThat(still.duration()).isNull();
    Transcoder.Output frame =
        transcode("image", "{\"format\":\"jpeg\",\"width\":320,\"start\":1}", video);
    assertThat(frame.file()).hasExtension("jpg");
    assertThat(frame.width()).isEqualTo(320);
  }

  @Test
  void anAnimationIsAGif() throws Exception {
    Transcoder.Output out = transcode("animation", "{\"format\":\"gif\",\"width\":160}", video);
    assertThat(out.file()).hasExtension("gif");
    assertThat(out.width()).isEqualTo(160);
  }

  @Test
  void adaptiveVideoIsAnHlsPlaylist() throws Exception {
    Transcoder.Output out =
        transcode("adaptive_video", "{\"format\":\"hls\",\"width\":320}", video);
    assertThat(out.file()).hasExtension("m3u8");
    assertThat(Files.readString(out.file())).contains("#EXTM3U");
    assertThat(out.width()).isEqualTo(320);
  }

  @Test
  void aFileFfmpegCannotDecodeFailsWithTheDecodersReason() throws Exception {
    Path broken = media.resolve("broken.mp4");
    Files.write(broken, new byte[] {0, 1, 2, 3, 4, 5, 6, 7});
    assertThatThrownBy(() -> transcode("video", "{}", broken))
        .isInstanceOf(Transcoder.Failure.class)
        .hasMessageContaining("Invalid data found when processing input");
  }
}
