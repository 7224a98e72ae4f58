package dev.ittybatch.local.run;

import dev.ittybatch.local.ittybit.IttybitSimulator;
import java.io.IOException;

/** Ittybit's stand-in, set up as a pipeline's settings say. */
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
}
