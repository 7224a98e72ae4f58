package dev.ittybatch.local.notify;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;

/** The receiver answers as a Slack incoming webhook documents. */
class NoticeReceiverTest {

  static final HttpClient HTTP = HttpClient.newHttpClient();

  static HttpResponse<String> post(String url, String body) throws Exception {
    return HTTP.send(
        HttpRequest.newBuilder(URI.create(url))
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(body))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void takesTextAndRefusesWhatSlackRefuses() throws Exception {
    try (NoticeReceiver receiver = new NoticeReceiver(null)) {
      HttpResponse<String> ok = post(receiver.url(), "{\"text\":\"batch lib is done\"}");
      assertThat(ok.statusCode()).isEqualTo(200);
      assertThat(ok.body()).isEqualTo("ok");
      assertThat(post(receiver.url(), "not json").body()).isEqualTo("invalid_payload");
      assertThat(post(receiver.url(), "{\"blocks\":[]}").body()).isEqualTo("no_text");
      HttpResponse<String> elsewhere =
          post(receiver.url().replaceAll("/services/.*", "/services/other"), "{\"text\":\"x\"}");
      assertThat(elsewhere.statusCode()).isEqualTo(404);
      assertThat(elsewhere.body()).isEqualTo("no_service");

      receiver.refuseNext(1);
      assertThat(post(receiver.url(), "{\"text\":\"again\"}").statusCode()).isEqualTo(500);
      assertThat(post(receiver.url(), "{\"text\":\"again\"}").statusCode()).isEqualTo(200);

      assertThat(receiver.texts()).containsExactly("batch lib is done", "again");
      assertThat(receiver.refused()).isEqualTo(1);
    }
  }
}
