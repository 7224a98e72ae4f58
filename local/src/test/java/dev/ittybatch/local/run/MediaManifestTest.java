package dev.ittybatch.local.run;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ittybatch.common.manifest.ManifestReader;
import dev.ittybatch.common.manifest.ManifestRecord;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A folder becomes a manifest the orchestrator accepts, kind by extension, options by kind. */
class MediaManifestTest {

  @TempDir Path dir;

  @Test
  void everyMediaFileIsAValidEntryAndTheRestIsListed() throws Exception {
    Path media = Files.createDirectories(dir.resolve("media/sub dir"));
    for (String name :
        new String[] {"a.MP4", "b.wav", "c.png", "d.gif", "notes.txt", ".hidden.mp4"}) {
      Files.writeString(media.resolve(name), "x");
    }
    Path options = dir.resolve("options.json");
    Files.writeString(options, "{\"video\":{\"format\":\"webm\",\"width\":320}}");

    MediaManifest.Made made =
        MediaManifest.write(dir.resolve("media"), options, dir.resolve("m.jsonl"), "local-media");

    assertThat(made.entries()).isEqualTo(4);
    assertThat(made.skipped())
        .containsExactlyInAnyOrder("sub dir/notes.txt", "sub dir/.hidden.mp4");
    List<ManifestRecord> records = new ArrayList<>();
    try (ManifestReader reader =
        ManifestReader.open(Files.newInputStream(made.manifest()), "m.jsonl")) {
      reader.forEachRemaining(records::add);
    }
    assertThat(records).hasSize(4).allMatch(record -> record instanceof ManifestRecord.Valid);
    assertThat(Files.readString(made.manifest()))
        .contains("\"path\":\"gs://local-media/sub dir/a.MP4\",\"kind\":\"video\"")
        .contains("\"format\":\"webm\"")
        .contains("\"kind\":\"audio\"")
        .contains("\"kind\":\"image\"")
        .contains("\"kind\":\"animation\"");
  }
}
