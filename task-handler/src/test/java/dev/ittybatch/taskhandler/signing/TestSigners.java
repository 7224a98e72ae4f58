package dev.ittybatch.taskhandler.signing;

import com.google.auth.ServiceAccountSigner;
import com.google.auth.oauth2.ServiceAccountCredentials;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;

/**
 * A signer with a key made for the test, in place of IAM's signBlob: the task-handler's tests
 * supply it as their {@link ServiceAccountSigner} bean.
 */
public final class TestSigners {

  public static final String ACCOUNT = "ittybatch-task-handler@proj-1.iam.gserviceaccount.com";

  private TestSigners() {}

  public static ServiceAccountSigner generated() {
    try {
      KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
      generator.initialize(2048);
      return ServiceAccountCredentials.newBuilder()
          .setClientEmail(ACCOUNT)
          .setPrivateKey(generator.generateKeyPair().getPrivate())
          .setProjectId("proj-1")
          .build();
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JVM has RSA", e);
    }
  }
}
