package dev.ittybatch.taskhandler.signing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.cloud.NoCredentials;
import com.google.cloud.storage.Storage;
import com.google.cloud.storage.StorageOptions;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPairGenerator;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A restarted local task-handler must sign the same URL for the same task. */
class LocalSigningKeyTest {

  @TempDir Path dir;

  @Test
  void twoHandlersWithTheSameKeyFileSignTheSameUrl() throws Exception {
    KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
    generator.initialize(2048);
    Path pem = dir.resolve("key.pem");
    Files.writeString(
        pem,
        "-----BEGIN PRIVATE KEY-----\n"
            + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                .encodeToString(generator.generateKeyPair().getPrivate().getEncoded())
            + "\n-----END PRIVATE KEY-----\n");
    Storage storage =
        StorageOptions.http()
            .setProjectId("local")
            .setCredentials(NoCredentials.getInstance())
            .build()
            .getService();
    Instant enqueued = Instant.parse("2026-11-30T09:15:00Z");

    String before =
        new InputSigner(storage, SigningConfiguration.localSigner(pem), Duration.ofDays(7), false)
            .inputUrl("gs://media-lib/a.mov", enqueued);
    String afterRestart =
        new InputSigner(storage, SigningConfiguration.localSigner(pem), Duration.ofDays(7), false)
            .inputUrl("gs://media-lib/a.mov", enqueued);
    String throwaway =
        new InputSigner(storage, SigningConfiguration.throwawaySigner(), Duration.ofDays(7), false)
            .inputUrl("gs://media-lib/a.mov", enqueued);

    assertThat(afterRestart).isEqualTo(before);
    assertThat(throwaway).isNotEqualTo(before);
  }

  @Test
  void aFileThatIsNotAKeyIsNamed() throws Exception {
    Path pem = dir.resolve("nope.pem");
    Files.writeString(pem, "not a key");
    assertThatThrownBy(() -> SigningConfiguration.localSigner(pem))
        .hasMessageContaining("LOCAL_SIGNING_KEY " + pem + " is not a PKCS#8 PEM RSA key");
  }
}
