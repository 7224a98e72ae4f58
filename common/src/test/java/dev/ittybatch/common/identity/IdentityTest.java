package dev.ittybatch.common.identity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ittybatch.common.ittybit.MediaKind;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

class IdentityTest {

  private static final JsonMapper JSON =
      JsonMapper.builder()
          .enable(tools.jackson.databind.DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
          .build();

  private static JsonNode json(String text) {
    return JSON.readTree(text);
  }

  @Test
  void entryIdIgnoresKeyOrderWhitespaceAndNumberSpelling() {
    EntryId a =
        EntryId.of(
            "gs://b-1/v.mov",
            MediaKind.VIDEO,
            json("{\"width\":1920,\"format\":\"mp4\",\"crop\":{\"x\":1,\"y\":2}}"));
    EntryId b =
        EntryId.of(
            "gs://b-1/v.mov",
            MediaKind.VIDEO,
            json("{ \"crop\" : {\"y\":2, \"x\":1.0},\n \"format\":\"mp4\", \"width\": 1.92e3 }"));
    assertThat(a).isEqualTo(b);
    assertThat(a.value()).matches("[0-9a-f]{32}");
  }

  @Test
  void entryIdDiffersWhenPathKindOrOptionsDiffer() {
    JsonNode options = json("{\"width\":1920}");
    EntryId base = EntryId.of("gs://b-1/v.mov", MediaKind.VIDEO, options);
    assertThat(EntryId.of("gs://b-1/w.mov", MediaKind.VIDEO, options)).isNotEqualTo(base);
    assertThat(EntryId.of("gs://b-1/v.mov", MediaKind.ANIMATION, options)).isNotEqualTo(base);
    assertThat(EntryId.of("gs://b-1/v.mov", MediaKind.VIDEO, json("{\"width\":1280}")))
        .isNotEqualTo(base);
    assertThat(EntryId.of("gs://b-1/v.mov", MediaKind.VIDEO, json("{\"width\":\"1920\"}")))
        .as("a string is not a number")
        .isNotEqualTo(base);
  }

  @Test
  void entryIdIsStableAcrossReleases() {
    // Changing the hash would make every re-run after an upgrade enqueue the whole batch again.
    assertThat(EntryId.of("gs://b-1/v.mov", MediaKind.VIDEO, json("{\"width\":1920}")).value())
        .isEqualTo(EntryId.sha256Hex("gs://b-1/v.mov\nvideo\n{\"width\":1920}").substring(0, 32));
  }

  @Test
  void taskIdIsValidForCloudTasksAndKeyedOnTheEntry() {
    EntryIdentity identity =
        new EntryIdentity(
            new BatchId("library-2026"), EntryId.of("gs://b-1/v.mov", MediaKind.VIDEO, json("{}")));
    assertThat(identity.taskId())
        .matches(Pattern.compile("[A-Za-z0-9_-]{1,500}"))
        .startsWith("library-2026-")
        .endsWith(identity.entryId().value());
    assertThat(identity.taskId(0)).isEqualTo(identity.taskId());
    assertThat(identity.taskId(2)).isEqualTo(identity.taskId() + "-g2");
  }

  @Test
  void idempotencyKeyIsThirtyTwoHexCharactersPerEntryAndGeneration() {
    // The longest batch id there can be: the key must still fit Ittybit's 16-32 characters.
    EntryIdentity identity =
        new EntryIdentity(
            new BatchId("b".repeat(63)), EntryId.of("gs://b-1/v.mov", MediaKind.VIDEO, json("{}")));
    String key = identity.idempotencyKey(0);
    assertThat(key).matches("[0-9a-f]{32}").hasSize(EntryIdentity.IDEMPOTENCY_KEY_LENGTH);
    assertThat(identity.idempotencyKey(0)).as("stable").isEqualTo(key);
    assertThat(identity.idempotencyKey(1)).as("a re-drive is a new job").isNotEqualTo(key);
    EntryIdentity other =
        new EntryIdentity(
            identity.batchId(), EntryId.of("gs://b-1/w.mov", MediaKind.VIDEO, json("{}")));
    assertThat(other.idempotencyKey(0)).isNotEqualTo(key);
    EntryIdentity otherBatch = new EntryIdentity(new BatchId("c"), identity.entryId());
    assertThat(otherBatch.idempotencyKey(0)).isNotEqualTo(key);
    // Pinned: changing the derivation would give every in-flight entry a second job.
    assertThat(identity.idempotencyKey(0))
        .isEqualTo(
            EntryId.sha256Hex(
                    "ittybatch-idempotency\n"
                        + "b".repeat(63)
                        + "\n"
                        + identity.entryId().value()
                        + "\n0")
                .substring(0, 32));
    assertThatThrownBy(() -> identity.idempotencyKey(-1))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @ParameterizedTest
  @CsvSource({
    "gs://media/runs/Library 2026.jsonl.gz, library-2026",
    "manifest.jsonl, manifest",
    "/tmp/x/__weird__name__.ndjson, weird-name",
    "'', batch",
    "gs://b/!!!.jsonl, batch",
  })
  void batchIdIsDerivedFromTheManifestName(String location, String expected) {
    assertThat(BatchId.fromManifestName(location).value()).isEqualTo(expected);
  }

  @Test
  void derivedBatchIdIsTruncatedTo63() {
    assertThat(BatchId.fromManifestName("a".repeat(100) + ".jsonl").value()).hasSize(63);
  }

  @ParameterizedTest
  @CsvSource({"Upper", "-lead", "under_score", "'has space'", "''"})
  void invalidBatchIdsAreRefusedWithTheRule(String value) {
    assertThatThrownBy(() -> new BatchId(value))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("lowercase letters, digits and '-'");
  }

  @Test
  void gcsPathParsesAndFormats() {
    GcsPath path = GcsPath.parse("gs://media.example.com/videos/a b/001.mov");
    assertThat(path.bucket()).isEqualTo("media.example.com");
    assertThat(path.object()).isEqualTo("videos/a b/001.mov");
    assertThat(path).hasToString("gs://media.example.com/videos/a b/001.mov");
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "gs://a/x | shorter than 3",
        "gs://"
            + "abcdefghij"
            + "abcdefghij"
            + "abcdefghij"
            + "abcdefghij"
            + "abcdefghij"
            + "abcdefghij"
            + "abcd/x | longer than 63",
        "gs://-abc/x | must start and end",
        "gs://abc-/x | must start and end",
        "gs://a..b/x | dot-separated part",
        "gs://googbucket/x | goog",
        "gs://bucket | no object name",
        "s3://bucket/x | not a gs:// path",
      })
  void gcsPathRejectsBadNames(String uri, String problem) {
    assertThatThrownBy(() -> GcsPath.parse(uri))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(problem);
  }

  @Test
  void gcsObjectNamesWithLineBreaksOrDotsAreRefused() {
    assertThat(GcsPath.objectProblem("a\nb")).contains("object name contains a line break");
    assertThat(GcsPath.objectProblem("..")).isPresent();
    assertThat(GcsPath.objectProblem("x".repeat(1025))).isPresent();
  }
}
