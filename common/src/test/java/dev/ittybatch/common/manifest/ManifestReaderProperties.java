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
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.Size;

/** Whatever bytes it is given, the reader yields records or throws its own exception: no other. */
class ManifestReaderProperties {

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
