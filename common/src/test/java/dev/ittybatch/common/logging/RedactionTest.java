package dev.ittybatch.common.logging;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ittybatch.common.results.ResultRow;
import dev.ittybatch.common.results.ResultRowBuilder;
import dev.ittybatch.common.results.ResultStatus;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class RedactionTest {

  static final String SIGNED =
      "https://storage.googleapis.com/b/a.mov?X-Goog-Algorithm=GOOG4-RSA-SHA256"
          + "&X-Goog-Credential=sa%40p.iam.gserviceaccount.com%2F20261130%2Fauto"
          + "&X-Goog-Date=20261130T091500Z&X-Goog-Expires=604800&X-Goog-SignedHeaders=host"
          + "&X-Goog-Signature=0a1b2c3d4e5f";

  @Test
  void takesSignaturesCredentialsAndTokensOutOfUrls() {
    String scrubbed = Redaction.scrub("could not fetch " + SIGNED + " (403)");
    assertThat(scrubbed)
        .doesNotContain("0a1b2c3d4e5f")
        .doesNotContain("sa%40p.iam")
        .contains("X-Goog-Signature=REDACTED")
        .contains("X-Goog-Date=20261130T091500Z")
        .endsWith(" (403)");
    assertThat(Redaction.scrub("POST https://w.run.app/webhook?token=s3cr3t&x=1 failed"))
        .isEqualTo("POST https://w.run.app/webhook?token=REDACTED&x=1 failed");
    assertThat(Redaction.scrub("nothing to hide")).isEqualTo("nothing to hide");
    assertThat(Redaction.scrub(null)).isNull();
  }

  @Test
  void aStoredErrorMessageNeverHoldsASignature() {
    ResultRow row =
        ResultRowBuilder.row("evt", ResultStatus.FAILED, Instant.EPOCH)
            .jobId("job")
            .error("fetch_failed", "403 fetching " + SIGNED)
            .build();
    assertThat(row.errorMessage()).doesNotContain("0a1b2c3d4e5f").contains("REDACTED");
  }
}
