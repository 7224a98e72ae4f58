package dev.ittybatch.taskhandler.signing;

import com.google.auth.ServiceAccountSigner;
import com.google.auth.oauth2.ServiceAccountCredentials;
import com.google.cloud.NoCredentials;
import com.google.cloud.ServiceOptions;
import com.google.cloud.storage.Storage;
import com.google.cloud.storage.StorageOptions;
import dev.ittybatch.taskhandler.config.TaskHandlerProperties;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.security.PrivateKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Base64;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The Storage client and the signer, created once; tests may replace either. */
@Configuration(proxyBeanMethods = false)
public class SigningConfiguration {

  private static final Logger log = LoggerFactory.getLogger(SigningConfiguration.class);

  @Bean
  @ConditionalOnMissingBean
  Storage storage(TaskHandlerProperties properties) {
    // The project id is given, never detected: detection may ask the metadata server.
    String project =
        properties.gcpProject() == null || properties.gcpProject().isBlank()
            ? "local"
            : properties.gcpProject();
    // A lookup that keeps failing is Cloud Tasks' to retry, with its own backoff: a few quick
    // tries here, not the client's default of retrying for most of a minute inside one request.
    StorageOptions.Builder options =
        StorageOptions.http()
            .setProjectId(project)
            .setRetrySettings(
                ServiceOptions.getDefaultRetrySettings().toBuilder()
                    .setMaxAttempts(3)
                    .setInitialRetryDelayDuration(java.time.Duration.ofMillis(200))
                    .setMaxRetryDelayDuration(java.time.Duration.ofSeconds(2))
                    .setTotalTimeoutDuration(java.time.Duration.ofSeconds(10))
                    .build());
    if (properties.storageHost() != null && !properties.storageHost().isBlank()) {
      options.setHost(properties.storageHost()).setCredentials(NoCredentials.getInstance());
    } else if (properties.localSigning()) {
      options.setCredentials(NoCredentials.getInstance());
    }
    return options.build().getService();
  }

  @Bean
  @ConditionalOnMissingBean
  InputSigner inputSigner(Storage storage, TaskHandlerProperties properties) {
    ServiceAccountSigner signer = null;
    if (properties.localSigning()) {
      signer =
          properties.localSigningKey() == null || properties.localSigningKey().isBlank()
              ? throwawaySigner()
              : localSigner(Path.of(properties.localSigningKey()));
    }
    return new InputSigner(
        storage,
        signer,
        properties.signedUrlTtl(),
        properties.checkObjectExists(),
        properties.signedUrlHost());
  }

  /**
   * A local run signs gs:// inputs through the same code as production, with a key that exists only
   * on this machine: the URLs are well formed but grant nothing anywhere.
   */
  static ServiceAccountSigner throwawaySigner() {
    try {
      KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
      generator.initialize(2048);
      log.warn("LOCAL_SIGNING: signing URLs with a throwaway key; they open nothing in the cloud");
      return signer(generator.generateKeyPair().getPrivate());
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JVM has RSA", e);
    }
  }

  /**
   * The local run's key, made once by the pipeline (PKCS#8 PEM): a restarted handler signs the same
   * URL for the same task, so its retries still send Ittybit the same bytes.
   */
  public static ServiceAccountSigner localSigner(Path pem) {
    try {
      String base64 =
          Files.readString(pem)
              .replaceAll("-----(BEGIN|END) PRIVATE KEY-----", "")
              .replaceAll("\\s", "");
      PrivateKey key =
          KeyFactory.getInstance("RSA")
              .generatePrivate(new PKCS8EncodedKeySpec(Base64.getDecoder().decode(base64)));
      log.warn(
          "LOCAL_SIGNING: signing URLs with the local key {}; they open nothing in the cloud", pem);
      return signer(key);
    } catch (IOException | GeneralSecurityException | IllegalArgumentException e) {
      throw new IllegalStateException(
          "LOCAL_SIGNING_KEY " + pem + " is not a PKCS#8 PEM RSA key: " + e.getMessage(), e);
    }
  }

  private static ServiceAccountSigner signer(PrivateKey key) {
    return ServiceAccountCredentials.newBuilder()
        .setClientEmail("local-signer@ittybatch.invalid")
        .setPrivateKey(key)
        .setProjectId("local")
        .build();
  }
}
