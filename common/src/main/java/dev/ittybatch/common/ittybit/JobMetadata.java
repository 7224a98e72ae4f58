package dev.ittybatch.common.ittybit;

import dev.ittybatch.common.identity.BatchId;
import dev.ittybatch.common.identity.EntryId;
import dev.ittybatch.common.identity.EntryIdentity;
import dev.ittybatch.common.identity.GcsPath;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import tools.jackson.databind.JsonNode;

/**
 * What this project writes into an Ittybit job's {@code metadata}, and the only code that writes or
 * reads those keys. A job is believed to be one of ours only when its metadata reads back as
 * well-formed batch and entry ids: Ittybit shows a job only to the account that created it, so a
 * job fetched with our API key and carrying these keys was created by our task handler.
 *
 * @param sourceBucket the bucket of a {@code gs://} input, or null
 * @param sourceKey the object name of a {@code gs://} input, or the URL of an {@code https://} one
 */
public record JobMetadata(
    EntryIdentity identity, int generation, String sourceBucket, String sourceKey) {

  static final String BATCH_ID = "batch_id";
  static final String ENTRY_ID = "entry_id";
  static final String GENERATION = "generation";
  static final String SOURCE_BUCKET = "source_bucket";
  static final String SOURCE_KEY = "source_key";

  /** The metadata for one entry's job, its source split the way the results table keeps it. */
  public static JobMetadata of(EntryIdentity identity, int generation, String path) {
    Source source = Source.of(path);
    return new JobMetadata(identity, generation, source.bucket(), source.key());
  }

  /** The map sent as the job's {@code metadata}, in a fixed order so the JSON is the same bytes. */
  public Map<String, String> toMap() {
    Map<String, String> metadata = new LinkedHashMap<>();
    metadata.put(BATCH_ID, identity.batchId().value());
    metadata.put(ENTRY_ID, identity.entryId().value());
    if (generation != 0) {
      metadata.put(GENERATION, String.valueOf(generation));
    }
    if (sourceBucket != null) {
      metadata.put(SOURCE_BUCKET, sourceBucket);
    }
    if (sourceKey != null) {
      metadata.put(SOURCE_KEY, sourceKey);
    }
    return metadata;
  }

  /**
   * Reads a job's metadata back.
   *
   * @return empty when the ids are missing or malformed: not a job of ours
   */
  public static Optional<JobMetadata> read(JsonNode metadata) {
    if (metadata == null || !metadata.isObject()) {
      return Optional.empty();
    }
    try {
      EntryIdentity identity =
          new EntryIdentity(
              new BatchId(text(metadata, BATCH_ID)), new EntryId(text(metadata, ENTRY_ID)));
      String generation = text(metadata, GENERATION);
      int number = generation == null ? 0 : Integer.parseInt(generation);
      if (number < 0) {
        return Optional.empty();
      }
      return Optional.of(
          new JobMetadata(
              identity, number, text(metadata, SOURCE_BUCKET), text(metadata, SOURCE_KEY)));
    } catch (IllegalArgumentException malformed) {
      return Optional.empty();
    }
  }

  private static String text(JsonNode node, String name) {
    JsonNode value = node.path(name);
    return value.isString() || value.isNumber() ? value.asString() : null;
  }

  /**
   * Where a file lives, as the results table keeps it: bucket and object for {@code gs://}, the
   * whole URL as the key otherwise (and for a path that does not parse, so a row can always be
   * written).
   */
  public record Source(String bucket, String key) {

    public static Source of(String path) {
      if (path != null && path.startsWith(GcsPath.SCHEME)) {
        try {
          GcsPath gcs = GcsPath.parse(path);
          return new Source(gcs.bucket(), gcs.object());
        } catch (IllegalArgumentException unparseable) {
          return new Source(null, path);
        }
      }
      return new Source(null, path);
    }
  }
}
