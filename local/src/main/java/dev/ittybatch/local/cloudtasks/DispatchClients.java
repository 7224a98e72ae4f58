package dev.ittybatch.local.cloudtasks;

import dev.ittybatch.common.http.BlockingHttpClients;
import java.time.Duration;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;

/** The HTTP client the emulator's queues dispatch with. */
final class DispatchClients {

  private DispatchClients() {}

  static CloseableHttpClient blocking() {
    // Blocking sends from one thread per dispatch in flight: the rate limit is applied right
    // before the request is written, so what the handler sees is the queue's rate, not the
    // bursts an asynchronous client's few threads release when they fall behind. The read
    // timeout is Cloud Tasks' default dispatch deadline for HTTP targets.
    return BlockingHttpClients.pooled(Duration.ofSeconds(5), Duration.ofMinutes(10), 5000);
  }
}
