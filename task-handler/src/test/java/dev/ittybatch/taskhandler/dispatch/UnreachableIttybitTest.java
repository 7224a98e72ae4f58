package dev.ittybatch.taskhandler.dispatch;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.auth.ServiceAccountSigner;
import dev.ittybatch.common.results.ResultRow;
import dev.ittybatch.common.results.ResultsStore;
import dev.ittybatch.common.testing.LoopbackHttp;
import dev.ittybatch.taskhandler.signing.TestSigners;
import java.net.ServerSocket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Primary;
import org.springframework.http.MediaType;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** Nothing listens where Ittybit should be: connection refused. */
@SpringBootTest(
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    properties = dev.ittybatch.taskhandler.TaskHandlerApplication.CONFIG)
class UnreachableIttybitTest {

  @DynamicPropertySource
  static void properties(DynamicPropertyRegistry registry) throws Exception {
    int closed;
    try (ServerSocket socket = new ServerSocket(0)) {
      closed = socket.getLocalPort();
    }
    int port = closed;
    registry.add("ITTYBIT_API_KEY", () -> "k");
    registry.add("ITTYBIT_BASE_URL", () -> "http://127.0.0.1:" + port);
    registry.add("WEBHOOK_URL", () -> "https://w.example.com/webhook");
    registry.add("GCP_PROJECT", () -> "proj-1");
  }

  @TestConfiguration
  static class Store {
    @Bean
    ServiceAccountSigner signer() {
      return TestSigners.generated();
    }

    @Bean
    @Primary
    Recording results() {
      return new Recording();
    }
  }

  static class Recording implements ResultsStore {
    final List<ResultRow> rows = new CopyOnWriteArrayList<>();

    @Override
    public void record(List<ResultRow> batch) {
      rows.addAll(batch);
    }
  }

  @LocalServerPort int port;
  @Autowired Recording results;

  int deliver(int retryCount) {
    return LoopbackHttp.client()
        .post()
        .uri("http://127.0.0.1:" + port + "/")
        .contentType(MediaType.APPLICATION_JSON)
        .header("X-CloudTasks-TaskRetryCount", String.valueOf(retryCount))
        .body(
            "{\"batch_id\":\"b\",\"entry_id\":\"0123456789abcdef0123456789abcdef\",\"line\":1,"
                + "\"path\":\"https://cdn.example.com/a.mov\",\"kind\":\"video\","
                + "\"enqueued_at\":"
                + java.time.Instant.now().getEpochSecond()
                + "}")
        .retrieve()
        .toBodilessEntity()
        .getStatusCode()
        .value();
  }

  @Test
  void aRefusedConnectionIsRetriedAndOnTheLastAttemptRecorded() {
    assertThat(deliver(0)).isEqualTo(503);
    assertThat(results.rows).isEmpty();
    assertThat(deliver(4)).isEqualTo(200);
    assertThat(results.rows)
        .singleElement()
        .satisfies(
            row -> {
              assertThat(row.status().wireName()).isEqualTo("dispatch_failed");
              assertThat(row.errorKind()).isEqualTo("ittybit_unreachable");
              assertThat(row.attempt()).isEqualTo(5);
            });
  }
}
