package dev.ittybatch.orchestrator.lifecycle;

import com.google.api.client.http.HttpRequestFactory;
import com.google.api.client.http.HttpRequestInitializer;
import com.google.api.client.http.javanet.NetHttpTransport;
import com.google.auth.http.HttpCredentialsAdapter;
import com.google.auth.oauth2.GoogleCredentials;
import com.google.cloud.tasks.v2.CloudTasksClient;
import dev.ittybatch.common.events.EventLog;
import dev.ittybatch.common.results.ResultsStore;
import dev.ittybatch.orchestrator.batch.BatchStore;
import dev.ittybatch.orchestrator.enqueue.OrchestratorProperties;
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
 * application's default ones, looked up on the first call; a stand-in's endpoint gets the account
 * named in {@code EMULATOR_IDENTITY}, as every emulator host here.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(LifecycleProperties.class)
class LifecycleConfiguration {

  @Bean
  BatchControl batchControl(
      BatchStore store, EventLog events, ResultsStore results, CloudTasksClient tasks) {
    return new BatchControl(store, events, results, tasks, Clock.systemUTC());
  }

  @Bean
  Notices notices(
      BatchStore store,
      EventLog events,
      LifecycleProperties properties,
      OrchestratorProperties orchestrator,
      Environment environment,
      JsonMapper json) {
    return new Notices(
        store,
        events,
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
    String identity = environment.getProperty("EMULATOR_IDENTITY", "");
    Supplier<HttpRequestFactory> requests =
        () -> new NetHttpTransport().createRequestFactory(initializer(standIn, identity));
    return new ScheduleEnd(
        endpoint, orchestrator.gcpProject(), orchestrator.gcpLocation(), requests);
  }

  /**
   * A stand-in is told who calls as every emulator here is: {@code EMULATOR_IDENTITY} as the bearer
   * token, so it checks that account's grants as Google checks the job's service account.
   */
  private static HttpRequestInitializer initializer(boolean standIn, String identity) {
    if (standIn) {
      return request -> {
        if (!identity.isBlank()) {
          request.getHeaders().setAuthorization("Bearer " + identity);
        }
      };
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
