package dev.ittybatch.local.run;

import com.google.cloud.storage.BlobInfo;
import com.google.cloud.storage.Storage;
import dev.ittybatch.common.identity.GcsPath;
import dev.ittybatch.common.manifest.ManifestReader;
import dev.ittybatch.common.manifest.ManifestRecord;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A manifest as a batch in production finds it: every {@code gs://} input it names in its bucket
 * (the task-handler looks each one up before signing, as deployed), and the manifest itself
 * uploaded to the manifest bucket, where {@code deploy.sh run} puts it and the orchestrator reads
 * it. A bucket served from a folder ({@code --media-dir}) is left as it is.
 */
final class ManifestStaging {

  private ManifestStaging() {}

  /**
   * @return the manifest's {@code gs://} location
   */
  static String stage(LocalCloud cloud, Path manifest) throws IOException {
    String object = "manifests/" + manifest.getFileName();
    stageInputs(cloud, manifest);
    upload(cloud, manifest, LocalPipeline.MANIFEST_BUCKET, object);
    return GcsPath.SCHEME + LocalPipeline.MANIFEST_BUCKET + "/" + object;
  }

  /** Every {@code gs://} input the manifest names, in its bucket. */
  static void stageInputs(LocalCloud cloud, Path manifest) throws IOException {
    try (ManifestReader reader =
        ManifestReader.open(Files.newInputStream(manifest), manifest.toString())) {
      while (reader.hasNext()) {
        if (reader.next() instanceof ManifestRecord.Valid valid
            && valid.entry().path().startsWith(GcsPath.SCHEME)) {
          put(cloud, GcsPath.parse(valid.entry().path()));
        }
      }
    }
  }

  /** As deploy.sh run uploads it: gcloud storage cp, with the operator's credentials. */
  static void upload(LocalCloud cloud, Path manifest, String bucket, String object)
      throws IOException {
    Storage storage = cloud.storage(LocalAccounts.OPERATOR);
    storage.create(
        BlobInfo.newBuilder(bucket, object).setContentType("application/x-ndjson").build(),
        Files.readAllBytes(manifest));
  }

  /**
   * The input, a few bytes standing for the file: nothing reads it but the simulator's fetches with
   * {@code --media-dir}, whose bucket is the folder.
   */
  private static void put(LocalCloud cloud, GcsPath input) throws IOException {
    if (cloud.storage.bucketLocation(input.bucket()) == null) {
      cloud.storage.createBucket(input.bucket(), cloud.location);
    }
    if (!cloud.storage.holds(input.bucket(), input.object())) {
      cloud.storage.put(
          input.bucket(), input.object(), ("stands for " + input).getBytes(StandardCharsets.UTF_8));
    }
  }
}
