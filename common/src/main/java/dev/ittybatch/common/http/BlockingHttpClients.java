package dev.ittybatch.common.http;

import java.time.Duration;
import org.apache.hc.client5.http.config.ConnectionConfig;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManagerBuilder;
import org.apache.hc.core5.util.Timeout;

/**
 * The one way this project makes an HTTP client: blocking, pooled, keep-alive, no automatic retries
 * (every caller decides what a failure means). Not the JDK client: its asynchronous completions go
 * through the common pool, which on a machine of two cores or fewer starts a new thread for each.
 */
public final class BlockingHttpClients {

  private BlockingHttpClients() {}

  /**
   * @param connections the most connections open at once, one per request in flight
   */
  public static CloseableHttpClient pooled(
      Duration connectTimeout, Duration readTimeout, int connections) {
    return HttpClients.custom()
        .setConnectionManager(
            PoolingHttpClientConnectionManagerBuilder.create()
                .setDefaultConnectionConfig(
                    ConnectionConfig.custom()
                        .setConnectTimeout(Timeout.of(connectTimeout))
                        .setSocketTimeout(Timeout.of(readTimeout))
                        .build())
                .setMaxConnTotal(connections)
                .setMaxConnPerRoute(connections)
                .build())
        .disableAutomaticRetries()
        .build();
  }
}
