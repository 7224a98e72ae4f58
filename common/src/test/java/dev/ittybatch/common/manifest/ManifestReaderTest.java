package dev.ittybatch.common.manifest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ittybatch.common.ittybit.MediaKind;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ManifestReaderTest {

  static List<ManifestRecord> read(byte[] bytes) {
    List<ManifestRecord> records = new ArrayList<>();
    ManifestReader.open(new ByteArrayInputStream(bytes), "m.jsonl").forEach(records::add);
    return records;
  }

  static List<ManifestRecord> read(String text) {
    return read(text.getBytes(StandardCharsets.UTF_8));
  }

  static ManifestRecord.Invalid onlyError(String line) {
    List<ManifestRecord> records = read("\n" + line + "\n");
    assertThat(records).hasSize(1);
    assertThat(records.get(0)).isInstanceOf(ManifestRecord.Invalid.class);
    ManifestRecord.Invalid invalid = (ManifestRecord.Invalid) records.get(0);
    assertThat(invalid.line()).as("line number counts the blank first line").isEqualTo(2);
    return invalid;
  }

  static ManifestRecord.Valid onlyValid(String line) {
    List<ManifestRecord> records = read(line);
    assertThat(records).hasSize(1);
    assertThat(records.get(0)).isInstanceOf(ManifestRecord.Valid.class);
    return (ManifestRecord.Valid) records.get(0);
  }

  @Test
  void readsEntriesWithLineNumbersSkippingBlankLines() {
    List<ManifestRecord> records =
        read(
            "{\"path\":\"gs://media-lib/videos/001.mov\",\"kind\":\"video\","
                + "\"options\":{\"width\":1920,\"format\":\"mp4\",\"quality\":\"high\"}}\n"
                + "\n   \n"
                + "{\"path\":\"https://cdn.example.com/a.wav\",\"kind\":\"audio\"}\n");
    assertThat(records).hasSize(2);
    ManifestEntry first = ((ManifestRecord.Valid) records.get(0)).entry();
    assertThat(first.line()).isEqualTo(1);
    assertThat(first.path()).isEqualTo("gs://media-lib/videos/001.mov");
    assertThat(first.kind()).isEqualTo(MediaKind.VIDEO);
    assertThat(first.options().get("width").asInt()).isEqualTo(1920);
    ManifestEntry second = ((ManifestRecord.Valid) records.get(1)).entry();
    assertThat(second.line()).isEqualTo(4);
    assertThat(second.options().isEmpty()).as("absent options are {}").isTrue();
  }

  @Test
  void acceptsBomAndCrlfAndNoFinalNewline() {
    byte[] bom = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF};
    byte[] body =
        ("{\"path\":\"gs://b-1/a.png\",\"kind\":\"image\"}\r\n"
                + "{\"path\":\"gs://b-1/b.png\",\"kind\":\"image\"}")
            .getBytes(StandardCharsets.UTF_8);
    byte[] all = Arrays.copyOf(bom, bom.length + body.length);
    System.arraycopy(body, 0, all, bom.length, body.length);
    List<ManifestRecord> records = read(all);
    assertThat(records).hasSize(2).allMatch(r -> r instanceof ManifestRecord.Valid);
    assertThat(((ManifestRecord.Valid) records.get(1)).entry().path()).isEqualTo("gs://b-1/b.png");
  }

  @Test
  void readsGzipByMagicBytesWhateverTheName() throws IOException {
    ByteArrayOutputStream zipped = new ByteArrayOutputStream();
    try (GZIPOutputStream gzip = new GZIPOutputStream(zipped)) {
      gzip.write(
          "{\"path\":\"gs://b-1/a.mp3\",\"kind\":\"audio\"}\n".getBytes(StandardCharsets.UTF_8));
    }
    List<ManifestRecord> records = read(zipped.toByteArray());
    assertThat(records).singleElement().isInstanceOf(ManifestRecord.Valid.class);
  }

  @Test
  void corruptGzipIsAManifestExceptionNamingTheSource() {
    byte[] bad = {0x1f, (byte) 0x8b, 8, 0, 0, 0, 0, 0, 0, 0, 1, 2, 3, 4, 5};
    assertThatThrownBy(() -> read(bad))
        .isInstanceOf(ManifestException.class)
        .hasMessageStartingWith("m.jsonl:");
  }

  @Test
  void aLineOverTheLimitIsRejectedWithoutStoppingTheRest() {
    String huge = "{\"path\":\"gs://b-1/" + "x".repeat(ManifestReader.MAX_LINE_BYTES) + "\"}";
    List<ManifestRecord> records =
        read(huge + "\n{\"path\":\"gs://b-1/a.png\",\"kind\":\"image\"}\n");
    assertThat(records).hasSize(2);
    ManifestRecord.Invalid tooLong = (ManifestRecord.Invalid) records.get(0);
    assertThat(tooLong.describe("m.jsonl"))
        .startsWith("m.jsonl:1: line is " + huge.length() + " bytes, over the limit of 65536");
    assertThat(records.get(1).line()).isEqualTo(2);
  }

  @Test
  void aLineExactlyAtTheLimitWithCrlfIsAccepted() {
    String prefix = "{\"path\":\"gs://b-1/";
    String suffix = "\",\"kind\":\"image\"}";
    String line =
        prefix
            + "x".repeat(ManifestReader.MAX_LINE_BYTES - prefix.length() - suffix.length())
            + suffix;
    assertThat(line).hasSize(ManifestReader.MAX_LINE_BYTES);
    // The object name is over 1024 bytes, so it is invalid, but for that reason and not its length.
    ManifestRecord record = read(line + "\r\n").get(0);
    assertThat(((ManifestRecord.Invalid) record).reason()).contains("1024 bytes");
  }

  @Test
  void aLongLineDoesNotNeedToFitInMemory() throws Exception {
    // 50 MB of one line, read in a JVM whose whole heap is 16 MB.
    Process check =
        new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx16m",
                "-cp",
                System.getProperty("java.class.path"),
                LongLineCheck.class.getName())
            .redirectErrorStream(true)
            .start();
    String out = new String(check.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(check.waitFor()).as(out).isZero();
    assertThat(out).startsWith("line is 50000000 bytes");
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      quoteCharacter = '`',
      value = {
        "not json                | {path:            | invalid JSON: ",
        "trailing garbage        | {\"path\":\"gs://b-1/a\",\"kind\":\"image\"} x | invalid JSON: ",
        "duplicate key           | {\"path\":\"gs://b-1/a\",\"path\":\"gs://b-1/b\",\"kind\":\"image\"} | invalid JSON: Duplicate Object property \"path\"",
        "array                   | [1,2]             | expected a JSON object like {\"path\": ..., \"kind\": ...}, found an array [1,2]",
        "string                  | \"gs://b-1/a\"    | expected a JSON object like {\"path\": ..., \"kind\": ...}, found a string",
        "missing path            | {\"kind\":\"image\"} | \"path\" is missing",
        "null path               | {\"path\":null,\"kind\":\"image\"} | \"path\" is missing",
        "number path             | {\"path\":42,\"kind\":\"image\"} | \"path\" must be a string, found a number 42",
        "blank path              | {\"path\":\"  \",\"kind\":\"image\"} | \"path\" is blank",
        "s3 scheme               | {\"path\":\"s3://b/a.mov\",\"kind\":\"video\"} | \"path\" must start with gs:// or https://, found \"s3://b/a.mov\"",
        "http scheme             | {\"path\":\"http://x.com/a.mov\",\"kind\":\"video\"} | \"path\" must start with gs:// or https://",
        "https without host      | {\"path\":\"https:///a.mov\",\"kind\":\"video\"} | has no host name",
        "https invalid           | {\"path\":\"https://x.com/a b.mov\",\"kind\":\"video\"} | is not a valid URL",
        "bucket uppercase        | {\"path\":\"gs://Media/a.mov\",\"kind\":\"video\"} | \"path\" bucket name \"Media\" may only hold lowercase letters",
        "bucket too short        | {\"path\":\"gs://ab/a.mov\",\"kind\":\"video\"} | bucket name \"ab\" is shorter than 3 characters",
        "bucket google           | {\"path\":\"gs://my-google-b/a.mov\",\"kind\":\"video\"} | may not start with \"goog\" or contain \"google\"",
        "bucket ip               | {\"path\":\"gs://192.168.1.1/a.mov\",\"kind\":\"video\"} | looks like an IP address",
        "no object               | {\"path\":\"gs://media-lib/\",\"kind\":\"video\"} | has no object name after bucket \"media-lib\"",
        "bucket only             | {\"path\":\"gs://media-lib\",\"kind\":\"video\"} | has no object name after bucket \"media-lib\"",
        "missing kind            | {\"path\":\"gs://b-1/a\"} | \"kind\" is missing; expected one of video, audio, image, animation, adaptive_video",
        "kind typo               | {\"path\":\"gs://b-1/a\",\"kind\":\"vidoe\"} | kind \"vidoe\" is not one of video, audio, image, animation, adaptive_video",
        "kind case               | {\"path\":\"gs://b-1/a\",\"kind\":\"Video\"} | kind \"Video\" is not one of",
        "kind number             | {\"path\":\"gs://b-1/a\",\"kind\":3} | \"kind\" must be a string, found a number 3",
        "options array           | {\"path\":\"gs://b-1/a\",\"kind\":\"video\",\"options\":[]} | \"options\" must be a JSON object, found an array []",
        "options string          | {\"path\":\"gs://b-1/a\",\"kind\":\"video\",\"options\":\"hd\"} | \"options\" must be a JSON object, found a string \"hd\"",
        "width negative          | {\"path\":\"gs://b-1/a\",\"kind\":\"video\",\"options\":{\"width\":-3}} | option \"width\" must be a positive integer (pixels) or a percentage from 1% to 100% like \"50%\", found -3",
        "width fraction          | {\"path\":\"gs://b-1/a\",\"kind\":\"video\",\"options\":{\"width\":12.5}} | option \"width\" must be a positive integer",
        "width string            | {\"path\":\"gs://b-1/a\",\"kind\":\"video\",\"options\":{\"width\":\"1920\"}} | option \"width\" must be a positive integer",
        "height over 100%        | {\"path\":\"gs://b-1/a\",\"kind\":\"image\",\"options\":{\"height\":\"150%\"}} | option \"height\" must be a positive integer",
        "fps too high            | {\"path\":\"gs://b-1/a\",\"kind\":\"video\",\"options\":{\"fps\":75}} | option \"fps\" must be a number from 1 to 60, found 75",
        "fps zero                | {\"path\":\"gs://b-1/a\",\"kind\":\"video\",\"options\":{\"fps\":0}} | option \"fps\" must be a number from 1 to 60, found 0",
        "quality word            | {\"path\":\"gs://b-1/a\",\"kind\":\"video\",\"options\":{\"quality\":\"ultra\"}} | option \"quality\" must be one of very_low, low, medium, high, very_high, found \"ultra\"",
        "format for kind         | {\"path\":\"gs://b-1/a\",\"kind\":\"video\",\"options\":{\"format\":\"mp3\"}} | option \"format\" \"mp3\" is not a video format; expected one of mp4, webm, mov",
        "audio format            | {\"path\":\"gs://b-1/a\",\"kind\":\"audio\",\"options\":{\"format\":\"mp4\"}} | option \"format\" \"mp4\" is not a audio format; expected one of mp3, aac, ogg, opus, wav, flac",
        "adaptive format         | {\"path\":\"gs://b-1/a\",\"kind\":\"adaptive_video\",\"options\":{\"format\":\"dash\"}} | expected one of hls",
        "codec                   | {\"path\":\"gs://b-1/a\",\"kind\":\"video\",\"options\":{\"codec\":\"mpeg2\"}} | option \"codec\" must be one of h264, h265, vp9, av1, found \"mpeg2\"",
        "fit                     | {\"path\":\"gs://b-1/a\",\"kind\":\"image\",\"options\":{\"fit\":\"stretch\"}} | option \"fit\" must be one of contain, cover, fill",
        "background colour       | {\"path\":\"gs://b-1/a\",\"kind\":\"image\",\"options\":{\"background\":\"red\"}} | option \"background\" must be a hex colour",
        "background without contain | {\"path\":\"gs://b-1/a\",\"kind\":\"image\",\"options\":{\"fit\":\"cover\",\"background\":\"#000\"}} | option \"background\" only applies with \"fit\": \"contain\", found fit \"cover\"",
        "video bitrate           | {\"path\":\"gs://b-1/a\",\"kind\":\"video\",\"options\":{\"bitrate\":1000}} | option \"bitrate\" must be an integer from 300000 to 60000000, found 1000",
        "audio bitrate           | {\"path\":\"gs://b-1/a\",\"kind\":\"audio\",\"options\":{\"bitrate\":500000}} | option \"bitrate\" must be an integer from 32000 to 320000, found 500000",
        "start negative          | {\"path\":\"gs://b-1/a\",\"kind\":\"video\",\"options\":{\"start\":-1}} | option \"start\" must be a number of seconds, 0 or more, found -1",
        "end before start        | {\"path\":\"gs://b-1/a\",\"kind\":\"video\",\"options\":{\"start\":10,\"end\":5}} | option \"end\" (5) must be after \"start\" (10)",
        "position blank          | {\"path\":\"gs://b-1/a\",\"kind\":\"image\",\"options\":{\"position\":\"\"}} | option \"position\" must be a non-empty string",
      })
  void reportsEachRuleWithItsLine(String rule, String line, String expected) {
    ManifestRecord.Invalid invalid = onlyError(line.trim());
    assertThat(invalid.describe("manifest.jsonl"))
        .startsWith("manifest.jsonl:2: ")
        .contains(expected.trim());
  }

  @Test
  void invalidUtf8IsAnInvalidLine() {
    byte[] bytes = "{\"path\":\"gs://b-1/\",\"kind\":\"image\"}".getBytes(StandardCharsets.UTF_8);
    byte[] broken = Arrays.copyOf(bytes, bytes.length);
    broken[17] = (byte) 0xC3; // a lead byte followed by '"'
    assertThat(read(broken)).singleElement().isInstanceOf(ManifestRecord.Invalid.class);
  }

  @Test
  void acceptsEveryDocumentedOptionAndPercentages() {
    ManifestRecord.Valid valid =
        onlyValid(
            "{\"path\":\"gs://b-1/a.mov\",\"kind\":\"video\",\"options\":{\"format\":\"webm\","
                + "\"codec\":\"vp9\",\"quality\":\"very_high\",\"width\":\"50%\",\"height\":720,"
                + "\"fit\":\"contain\",\"position\":\"center\",\"background\":\"#00ff00\","
                + "\"fps\":29.97,\"bitrate\":5000000,\"start\":1.5,\"end\":20}}");
    assertThat(valid.warnings()).isEmpty();
  }

  @Test
  void unknownOptionsPassThroughWithWarnings() {
    ManifestRecord.Valid valid =
        onlyValid(
            "{\"path\":\"gs://b-1/a.wav\",\"kind\":\"audio\",\"note\":1,"
                + "\"options\":{\"loudness\":-14,\"width\":100}}");
    assertThat(valid.entry().options().get("loudness").asInt()).isEqualTo(-14);
    assertThat(valid.warnings())
        .containsExactly(
            "unknown option \"loudness\" passed through unchecked",
            "option \"width\" is not documented for kind audio; passed through unchecked",
            "unknown field \"note\" ignored");
  }

  @Test
  void reportCountsAndListsTheFirstErrors() {
    StringBuilder manifest = new StringBuilder();
    for (int i = 1; i <= 120; i++) {
      manifest.append(
          i % 4 == 0
              ? "{\"path\":\"gs://b-1/" + i + "\",\"kind\":\"vidoe\"}\n"
              : "{\"path\":\"gs://b-1/" + i + "\",\"kind\":\"image\",\"options\":{\"x\":1}}\n");
    }
    ManifestReport report =
        ManifestReport.of(
            ManifestReader.open(
                new ByteArrayInputStream(manifest.toString().getBytes(StandardCharsets.UTF_8)),
                "lib.jsonl"),
            5);
    assertThat(report.lines()).isEqualTo(120);
    assertThat(report.valid()).isEqualTo(90);
    assertThat(report.invalid()).isEqualTo(30);
    assertThat(report.validByKind()).containsEntry(MediaKind.IMAGE, 90L);
    assertThat(report.errors()).hasSize(5);
    assertThat(report.errors().get(0).line()).isEqualTo(4);
    assertThat(report.warningCount()).isEqualTo(90);
    assertThat(report.describe())
        .startsWith("lib.jsonl: 90 valid, 30 invalid (image 90), 90 warnings\n")
        .contains("lib.jsonl:4: kind \"vidoe\" is not one of")
        .contains("... and 25 more invalid lines")
        .contains("warning: lib.jsonl:1: unknown option \"x\"")
        .contains("... and 85 more warnings");
  }
}
