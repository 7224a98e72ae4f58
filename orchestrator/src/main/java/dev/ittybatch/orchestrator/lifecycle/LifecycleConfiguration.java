package dev.ittybatch.orchestrator.lifecycle;

import com.google.api.client.http.HttpRequestFactory;
import com.google.api.client.http.HttpRequestInitializer;
import com.google.api.client.http.javanet.NetHttpTransport;
import com.google.auth.http.HttpCredentialsAdapter;
import com.google.auth.oauth2.GoogleCredentials;
import com.google.cloud.tasks.v2.CloudTasksClient;
import dev.ittybatch.orchestrator.batch.BatchStore;
import dev.ittybatch.orchestrator.config.OrchestratorProperties;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.util.function.Supplier;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import tools.jackson.databind.json.JsonMapper;

/**
 * Pause, resume and cancel, the notices and the schedule's end. The scheduler's credentials are the
 * application's default ones, looked up on the first call; another endpoint gets none, as every
 * emulator host here.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(LifecycleProperties.class)
class LifecycleConfiguration {

  @Bean
  BatchControl batchControl(BatchStore store, CloudTasksClient tasks) {
    return new BatchControl(store, tasks, Clock.systemUTC());
  }

  @Bean
  Notices notices(
      BatchStore store,
      LifecycleProperties properties,
      OrchestratorProperties orchestrator,
      Environment environment,
      JsonMapper json) {
    return new Notices(
        store,
        new Notifier(properties.notifyUrl(), json),
        scheduleEnd(properties, orchestrator, environment),
        properties.stuckAfter(),
        Clock.systemUTC());
  }

  /**
   * Active in Cloud Run, where a schedule runs the pass ({@code CLOUD_RUN_EXECUTION} is set), or
   * with another endpoint; a pass run anywhere else has no schedule of its own to end.
   */
  static ScheduleEnd scheduleEnd(
      LifecycleProperties properties,
      OrchestratorProperties orchestrator,
      Environment environment) {
    String host = properties.schedulerHost();
    boolean standIn = host != null && !host.isBlank();
    boolean inCloudRun = !environment.getProperty("CLOUD_RUN_EXECUTION", "").isBlank();
    String endpoint =
        standIn ? host.strip().replaceAll("/+$", "") : inCloudRun ? ScheduleEnd.GOOGLE : null;
    Supplier<HttpRequestFactory> requests =
        () -> new NetHttpTransport().createRequestFactory(initializer(standIn));
    return new ScheduleEnd(
        endpoint, orchestrator.gcpProject(), orchestrator.gcpLocation(), requests);
  }

  private static HttpRequestInitializer initializer(boolean standIn) {
    if (standIn) {
      return request -> {};
    }
    try {
      return new HttpCredentialsAdapter(
          GoogleCredentials.getApplicationDefault()
              .createScoped("https://www.googleapis.com/auth/cloud-platform"));
    } catch (IOException e) {
      throw new UncheckedIOException("no application-default credentials: " + e.getMessage(), e);
    }
  }
}
