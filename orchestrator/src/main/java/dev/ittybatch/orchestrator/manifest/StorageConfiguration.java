package dev.ittybatch.orchestrator.manifest;

import com.google.cloud.NoCredentials;
import com.google.cloud.storage.Storage;
import com.google.cloud.storage.StorageOptions;
import dev.ittybatch.orchestrator.config.OrchestratorProperties;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Lazy;

/** The Cloud Storage client that reads gs:// manifests and writes rejects reports. */
@Configuration(proxyBeanMethods = false)
class StorageConfiguration {

  /** Lazy: a run from a local manifest never needs Cloud Storage or its credentials. */
  @Bean
  @Lazy
  @ConditionalOnMissingBean
  Storage storage(OrchestratorProperties properties) {
    StorageOptions.Builder builder = StorageOptions.http().setProjectId(properties.gcpProject());
    if (properties.storageHost() != null && !properties.storageHost().isBlank()) {
      builder.setHost(properties.storageHost()).setCredentials(NoCredentials.getInstance());
    }
    return builder.build().getService();
  }
}
