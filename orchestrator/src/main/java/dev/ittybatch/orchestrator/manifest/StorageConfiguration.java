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
    return storage(properties.gcpProject(), properties.storageHost());
  }

  /**
   * @param project may be null: reading or writing an object names no project
   * @param host another endpoint (an emulator, a test fake), reached without credentials
   */
  static Storage storage(String project, String host) {
    StorageOptions.Builder builder = StorageOptions.http();
    if (project != null && !project.isBlank()) {
      builder.setProjectId(project);
    }
    if (host != null && !host.isBlank()) {
      builder.setHost(host).setCredentials(NoCredentials.getInstance());
    }
    return builder.build().getService();
  }
}
