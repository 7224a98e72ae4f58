package dev.ittybatch.local.testing;

import com.google.auth.ServiceAccountSigner;
import com.google.auth.oauth2.ServiceAccountCredentials;
import com.google.cloud.NoCredentials;
import com.google.cloud.storage.StorageOptions;
import dev.ittybatch.local.gcs.StorageStandIn;
import dev.ittybatch.taskhandler.signing.InputSigner;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;

/** Keys and signers for tests of signed URLs: the task-handler's own signing code, a fresh key. */
public final class SigningKeys {

  /** The account the tests' signers sign as. */
  public static final String ACCOUNT = "ittybatch-task-handler@local.iam.gserviceaccount.com";

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

  /** A signer as {@link #ACCOUNT} with the private half of {@code keys}. */
  public static ServiceAccountSigner asAccount(KeyPair keys) {
    return ServiceAccountCredentials.newBuilder()
        .setClientEmail(ACCOUNT)
        .setPrivateKey(keys.getPrivate())
        .setProjectId("local")
        .build();
  }

  /**
   * The task-handler's signer for {@code gs://} inputs with {@code keys}, looking objects up in the
   * stand-in and pointing its URLs at {@code host}.
   */
  public static InputSigner signer(
      StorageStandIn storage, KeyPair keys, boolean checkExists, String host) {
    return new InputSigner(
        StorageOptions.http()
            .setProjectId("local")
            .setHost(storage.baseUrl())
            .setCredentials(NoCredentials.getInstance())
            .build()
            .getService(),
        asAccount(keys),
        java.time.Duration.ofDays(7),
        checkExists,
        host);
  }
}
