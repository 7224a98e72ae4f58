package dev.ittybatch.local.run;

import dev.ittybatch.local.gcs.StorageStandIn;
import dev.ittybatch.local.ittybit.IttybitSimulator;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;

/** The stand-ins where the cloud would be, set up as a pipeline's settings say. */
final class LocalStandIns {

  private LocalStandIns() {}

  /** Ittybit; with a media folder it fetches inputs (and transcodes) in the run's data folder. */
  static IttybitSimulator ittybit(
      PipelineSettings settings, String apiKey, String webhookSecret, String stamp)
      throws IOException {
    return new IttybitSimulator(
        new IttybitSimulator.Settings(
            apiKey,
            webhookSecret,
            settings.processing(),
            settings.timeScale(),
            settings.faults(),
            settings.mediaDir() == null ? null : settings.dataDir().resolve("ittybit-" + stamp),
            settings.transcode(),
            settings.dialect()));
  }

  /** Cloud Storage serving the media folder, checking URLs against the run's signing key. */
  static StorageStandIn storage(Path mediaDir, Path signingKey) throws IOException {
    StorageStandIn storage =
        new StorageStandIn(
            LocalSecrets.publicKeyOf(signingKey), LocalSecrets.SIGNER, Clock.systemUTC());
    storage.serveFolder(LocalPipeline.MEDIA_BUCKET, mediaDir);
    return storage;
  }
}
