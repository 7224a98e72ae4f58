package dev.ittybatch.orchestrator.enqueue;

import com.google.cloud.tasks.v2.CloudTasksClient;
import dev.ittybatch.common.gcp.CloudTasksConnection;
import dev.ittybatch.orchestrator.run.RunOptions;
import java.io.IOException;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The Cloud Tasks client, created once and closed by Spring; tests may replace it. */
@Configuration(proxyBeanMethods = false)
class CloudTasksClientConfiguration {

  /**
   * gRPC servers allow about 100 concurrent calls per connection; 50 per channel leaves headroom,
   * so the pool grows with {@code --concurrency} instead of queueing calls inside one connection.
   */
  static int channelsFor(int concurrency) {
    return Math.max(1, (concurrency + 49) / 50);
  }

  @Bean(destroyMethod = "close")
  @ConditionalOnMissingBean
  CloudTasksClient cloudTasksClient(CloudTasksConnection connection, RunOptions options)
      throws IOException {
    return CloudTasksClient.create(connection.settings(channelsFor(options.concurrency())));
  }
}
