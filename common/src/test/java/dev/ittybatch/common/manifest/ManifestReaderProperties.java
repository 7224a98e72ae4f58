package dev.ittybatch.common.manifest;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPOutputStream;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.Size;

/**
 * Whatever bytes it is given, the reader yields records or throws its own exception: no other. And
 * for well-formed records with good and bad parts mixed, it accepts exactly those whose every part
 * is good, and names a bad part of the others.
 */
class ManifestReaderProperties {

  /** One part of a generated record: its JSON, whether it is valid, and the word naming it. */
  record Part(String json, boolean valid, String name) {}

  record Entry(Part path, Part kind, Part option) {
    String line() {
      StringBuilder json = new StringBuilder("{");
      String sep = "";
      for (Part part : List.of(path, kind, option)) {
        if (!part.json().isEmpty()) {
          json.append(sep).append(part.json());
          sep = ",";
        }
      }
      return json.append("}").toString();
    }

    boolean valid() {
      return path.valid() && kind.valid() && option.valid();
    }
  }

  @Property(tries = 500)
  void wellFormedRecordsAreJudgedPartByPart(@ForAll("entries") Entry entry) {
    List<ManifestRecord> records = new ArrayList<>();
    ManifestReader.open(
            new ByteArrayInputStream(entry.line().getBytes(StandardCharsets.UTF_8)), "gen.jsonl")
        .forEach(records::add);
    assertThat(records).hasSize(1);
    ManifestRecord record = records.get(0);
    if (entry.valid()) {
      assertThat(record).as(entry.line()).isInstanceOf(ManifestRecord.Valid.class);
    } else {
      assertThat(record).as(entry.line()).isInstanceOf(ManifestRecord.Invalid.class);
      String reason = ((ManifestRecord.Invalid) record).reason();
      assertThat(List.of(entry.path(), entry.kind(), entry.option()))
          .as(entry.line() + " -> " + reason)
          .anyMatch(part -> !part.valid() && reason.contains(part.name()));
    }
  }

  @Provide
  Arbitrary<Entry> entries() {
    Arbitrary<Part> paths =
        Arbitraries.oneOf(
            Arbitraries.strings()
                .withCharRange('a', 'z')
                .numeric()
                .ofMinLength(3)
                .ofMaxLength(20)
                .map(
                    name ->
                        new Part(
                            "\"path\":\"gs://media-" + name + "/v/" + name + ".mov\"",
                            true,
                            "path")),
            Arbitraries.of(
                new Part("\"path\":\"https://cdn.example.com/a b.mov\"", false, "path"),
                new Part("\"path\":\"https://cdn.example.com/a.mov\"", true, "path"),
                new Part("\"path\":\"gs://Bad_Bucket/a.mov\"", false, "path"),
                new Part("\"path\":\"gs://b/\"", false, "path"),
                new Part("\"path\":\"s3://b/a.mov\"", false, "path"),
                new Part("\"path\":42", false, "path"),
                new Part("", false, "path")));
    Arbitrary<Part> kinds =
        Arbitraries.of(
            new Part("\"kind\":\"video\"", true, "kind"),
            new Part("\"kind\":\"vidoe\"", false, "kind"),
            new Part("\"kind\":null", false, "kind"),
            new Part("", false, "kind"));
    Arbitrary<Part> options =
        Arbitraries.oneOf(
            Arbitraries.integers()
                .between(-5, 100_000)
                .map(w -> new Part("\"options\":{\"width\":" + w + "}", w > 0, "width")),
            Arbitraries.of("mp4", "webm", "mov", "mp3", "gif", "MP4", "")
                .map(
                    f ->
                        new Part(
                            "\"options\":{\"format\":\"" + f + "\"}",
                            f.equals("mp4") || f.equals("webm") || f.equals("mov"),
                            "format")),
            Arbitraries.integers()
                .between(-1, 80)
                .map(
                    fps ->
                        new Part(
                            "\"options\":{\"fps\":" + fps + "}", fps >= 1 && fps <= 60, "fps")),
            Arbitraries.of(
                new Part("", true, "options"),
                new Part("\"options\":[]", false, "options"),
                new Part("\"options\":{\"width\":\"50%\"}", true, "width")));
    return Combinators.combine(paths, kinds, options).as(Entry::new);
  }

  @Property(tries = 400)
  void arbitraryBytesNeverEscapeAsAnotherException(@ForAll @Size(max = 400) byte[] bytes) {
    assertOnlyManifestProblems(bytes);
  }

  @Property(tries = 400)
  void jsonLikeLinesNeverEscapeAsAnotherException(@ForAll("jsonish") String text) {
    assertOnlyManifestProblems(text.getBytes(StandardCharsets.UTF_8));
  }

  @Property(tries = 100)
  void gzipOfArbitraryBytesNeverEscapes(@ForAll @Size(max = 300) byte[] bytes) throws IOException {
    ByteArrayOutputStream zipped = new ByteArrayOutputStream();
    try (GZIPOutputStream gzip = new GZIPOutputStream(zipped)) {
      gzip.write(bytes);
    }
    byte[] all = zipped.toByteArray();
    assertOnlyManifestProblems(all);
    // and a truncated stream, as from a broken download
    assertOnlyManifestProblems(java.util.Arrays.copyOf(all, all.length / 2));
  }

  @Provide
  Arbitrary<String> jsonish() {
    Arbitrary<String> token =
        Arbitraries.of(
            "{",
            "}",
            "[",
            "]",
            ":",
            ",",
            "\"path\"",
            "\"kind\"",
            "\"options\"",
            "\"video\"",
            "\"gs://b-1/a\"",
            "\"gs://\"",
            "\"https://\"",
            "\"width\"",
            "\"fps\"",
            "\"format\"",
            "1e400",
            "-0",
            "1920",
            "\"50%\"",
            "null",
            "true",
            "\n",
            "\r\n",
            "\uFEFF",
            "\"\\u0000\"",
            "\"\\ud800\"",
            " ",
            "\"background\"",
            "\"fit\"",
            "\"start\"",
            "\"end\"",
            "12.5");
    return token.list().ofMaxSize(60).map(tokens -> String.join("", tokens));
  }

  private static void assertOnlyManifestProblems(byte[] bytes) {
    List<ManifestRecord> records = new ArrayList<>();
    try {
      ManifestReader.open(new ByteArrayInputStream(bytes), "fuzz.jsonl").forEach(records::add);
    } catch (ManifestException expected) {
      assertThat(expected.getMessage()).startsWith("fuzz.jsonl");
      return;
    }
    for (ManifestRecord record : records) {
      assertThat(record.line()).isPositive();
      if (record instanceof ManifestRecord.Valid valid) {
        // every valid entry has a stable identity
        assertThat(valid.entry().entryId().value()).hasSize(32);
      }
    }
  }
}
