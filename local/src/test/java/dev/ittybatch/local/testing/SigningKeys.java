package dev.ittybatch.local.testing;

import com.google.cloud.NoCredentials;
import com.google.cloud.storage.StorageOptions;
import dev.ittybatch.local.gcs.StorageStandIn;
import dev.ittybatch.taskhandler.signing.InputSigner;
import dev.ittybatch.taskhandler.signing.SigningConfiguration;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.util.Base64;

/** Keys and signers for tests of signed URLs: the task-handler's own signing code, a fresh key. */
public final class SigningKeys {

  /** The account the task-handler's local signer names. */
  public static final String ACCOUNT = "local-signer@ittybatch.invalid";

  private SigningKeys() {}

  private static KeyPair shared;

  /**
   * One 2048-bit key for every test in this JVM that needs a key but not a key of its own: making
   * one takes up to a second where the tests run without the server compiler.
   */
  public static synchronized KeyPair shared() throws GeneralSecurityException {
    if (shared == null) {
      shared = fresh();
    }
    return shared;
  }

  /** A key no other test has, as real service account keys are: 2048 bits. */
  public static KeyPair fresh() throws GeneralSecurityException {
    KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
    generator.initialize(2048);
    return generator.generateKeyPair();
  }

  /** The private half as the PKCS#8 PEM file {@code LOCAL_SIGNING_KEY} names. */
  public static Path pem(Path dir, KeyPair keys) throws Exception {
    Path file = Files.createTempFile(dir, "key", ".pem");
    Files.writeString(
        file,
        "-----BEGIN PRIVATE KEY-----\n"
            + Base64.getMimeEncoder().encodeToString(keys.getPrivate().getEncoded())
            + "\n-----END PRIVATE KEY-----\n");
    return file;
  }

  /**
   * The task-handler's signer for {@code gs://} inputs with the key in {@code pem}, looking objects
   * up in the stand-in and pointing its URLs at {@code host}.
   */
  public static InputSigner signer(
      StorageStandIn storage, Path pem, boolean checkExists, String host) {
    return new InputSigner(
        StorageOptions.http()
            .setProjectId("local")
            .setHost(storage.baseUrl())
            .setCredentials(NoCredentials.getInstance())
            .build()
            .getService(),
        SigningConfiguration.localSigner(pem),
        java.time.Duration.ofDays(7),
        checkExists,
        host);
  }
}
