package dev.ittybatch.orchestrator.enqueue;

import com.google.api.gax.core.NoCredentialsProvider;
import com.google.api.gax.grpc.ChannelPoolSettings;
import com.google.api.gax.grpc.InstantiatingGrpcChannelProvider;
import com.google.cloud.tasks.v2.CloudTasksClient;
import com.google.cloud.tasks.v2.CloudTasksSettings;
import dev.ittybatch.orchestrator.config.OrchestratorProperties;
import dev.ittybatch.orchestrator.run.RunOptions;
import io.grpc.ManagedChannelBuilder;
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
  CloudTasksClient cloudTasksClient(OrchestratorProperties properties, RunOptions options)
      throws IOException {
    InstantiatingGrpcChannelProvider.Builder channels =
        CloudTasksSettings.defaultGrpcTransportProviderBuilder()
            .setChannelPoolSettings(
                ChannelPoolSettings.staticallySized(channelsFor(options.concurrency())));
    CloudTasksSettings.Builder settings = CloudTasksSettings.newBuilder();
    if (properties.emulated()) {
      channels
          .setEndpoint(properties.cloudTasksEmulatorHost())
          .setChannelConfigurator(ManagedChannelBuilder::usePlaintext);
      settings.setCredentialsProvider(NoCredentialsProvider.create());
    }
    return CloudTasksClient.create(settings.setTransportChannelProvider(channels.build()).build());
  }
}
