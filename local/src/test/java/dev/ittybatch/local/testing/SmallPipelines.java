package dev.ittybatch.local.testing;

import dev.ittybatch.local.ittybit.Dialect;
import dev.ittybatch.local.ittybit.Faults;
import dev.ittybatch.local.run.PipelineSettings;
import java.nio.file.Path;
import java.time.Duration;

/**
 * The pipeline the focused proofs run a few dozen entries through: 50/s and 50 at once, five
 * attempts, webhooks sent at once, a name window of an hour (nothing is re-run inside it here).
 */
public final class SmallPipelines {

  private SmallPipelines() {}

  public static PipelineSettings settings(Path dataDir, Faults faults, Dialect dialect) {
    return new PipelineSettings(
        dataDir,
        50,
        50,
        5,
        Duration.ofSeconds(1),
        Duration.ofSeconds(10),
        50,
        Duration.ofMillis(100),
        0,
        Duration.ofHours(1),
        faults,
        null,
        false,
        0,
        dialect);
  }
}
