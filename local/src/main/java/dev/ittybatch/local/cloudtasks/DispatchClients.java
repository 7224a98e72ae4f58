package dev.ittybatch.local.cloudtasks;

import org.apache.hc.client5.http.config.ConnectionConfig;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManagerBuilder;
import org.apache.hc.core5.util.Timeout;

/** The HTTP client the emulator's queues dispatch with. */
final class DispatchClients {

  private DispatchClients() {}

  static CloseableHttpClient blocking() {
    // Blocking sends from one thread per dispatch in flight: the rate limit is applied right
    // before the request is written, so what the handler sees is the queue's rate, not the
    // bursts an asynchronous client's few threads release when they fall behind.
    return HttpClients.custom()
        .setConnectionManager(
            PoolingHttpClientConnectionManagerBuilder.create()
                .setDefaultConnectionConfig(
                    ConnectionConfig.custom()
                        .setConnectTimeout(Timeout.ofSeconds(5))
                        // Cloud Tasks' default dispatch deadline for HTTP targets.
                        .setSocketTimeout(Timeout.ofMinutes(10))
                        .build())
                .setMaxConnTotal(5000)
                .setMaxConnPerRoute(5000)
                .build())
        .disableAutomaticRetries()
        .build();
  }
}
