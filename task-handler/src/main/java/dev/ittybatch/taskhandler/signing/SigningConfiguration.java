package dev.ittybatch.taskhandler.signing;

import com.google.auth.ServiceAccountSigner;
import com.google.cloud.ServiceOptions;
import com.google.cloud.storage.Storage;
import dev.ittybatch.common.gcp.GoogleCloudProperties;
import dev.ittybatch.common.gcp.IamCredentialsConnection;
import dev.ittybatch.common.gcp.StorageClients;
import dev.ittybatch.taskhandler.dispatch.TaskHandlerProperties;
import java.time.Duration;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The input signer: a Storage client (common's options, quicker retries) for the lookups, and
 * signatures from IAM's signBlob as {@code SIGNING_SERVICE_ACCOUNT}. Tests supply a {@link
 * ServiceAccountSigner} of their own.
 */
@Configuration(proxyBeanMethods = false)
class SigningConfiguration {

  /** IAM's signBlob as {@code SIGNING_SERVICE_ACCOUNT}, unless a test gives its own signer. */
  static IamSigner iamSigner(TaskHandlerProperties properties, IamCredentialsConnection iam) {
    String account = properties.signingServiceAccount();
    if (account == null || account.isBlank()) {
      throw new IllegalStateException(
          "set SIGNING_SERVICE_ACCOUNT to the account input URLs are signed as (the"
              + " task-handler's own service account)");
    }
    return new IamSigner(account.strip(), iam);
  }

  @Bean(destroyMethod = "close")
  @ConditionalOnMissingBean
  InputSigner inputSigner(
      ObjectProvider<ServiceAccountSigner> given,
      ObjectProvider<IamCredentialsConnection> iam,
      TaskHandlerProperties properties,
      GoogleCloudProperties google) {
    ServiceAccountSigner signer =
        given.getIfAvailable(() -> iamSigner(properties, iam.getObject()));
    // A lookup that keeps failing is Cloud Tasks' to retry, with its own backoff: a few quick
    // tries here, not the client's default of retrying for most of a minute inside one request.
    Storage lookups =
        StorageClients.options(google)
            .setRetrySettings(
                ServiceOptions.getDefaultRetrySettings().toBuilder()
                    .setMaxAttempts(3)
                    .setInitialRetryDelayDuration(Duration.ofMillis(200))
                    .setMaxRetryDelayDuration(Duration.ofSeconds(2))
                    .setTotalTimeoutDuration(Duration.ofSeconds(10))
                    .build())
            .build()
            .getService();
    return new InputSigner(
        lookups,
        signer,
        properties.signedUrlTtl(),
        properties.checkObjectExists(),
        // Signed URLs name the host the Storage client calls: Cloud Storage, or its stand-in.
        google.storageEmulatorHost());
  }
}
