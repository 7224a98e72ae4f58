package dev.ittybatch.webhook.delivery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.webmvc.test.autoconfigure.WebMvcTest;
import org.springframework.context.annotation.Import;
import org.springframework.http.MediaType;
import org.springframework.test.context.TestPropertySource;
import org.springframework.test.web.servlet.MockMvc;

/** For senders that do not sign: a shared token in the webhook URL. */
@WebMvcTest(WebhookController.class)
@Import({
  SignatureVerifier.class,
  DeliveryResolver.class,
  JobFetcher.class,
  UnplacedDeliveries.class,
  WebhookErrors.class,
  WebFixtures.class
})
@TestPropertySource(
    properties = {"webhook.token=url-token-123", "ittybit.api-key=" + WebFixtures.API_KEY})
class TokenAuthenticationTest {

  static final String BODY =
      "{\"id\":\"job_1\",\"status\":\"succeeded\",\"metadata\":{\"batch_id\":\"b\",\"entry_id\":"
          + "\"0123456789abcdef0123456789abcdef\"}}";

  @Autowired MockMvc mvc;
  @Autowired RecordingStore store;

  @Test
  void acceptsTheRightTokenAndRefusesAnyOther() throws Exception {
    WebFixtures.job("job_1", BODY);
    mvc.perform(post("/webhook?token=url-token-123").content(BODY)).andExpect(status().isOk());
    mvc.perform(post("/webhook?token=url-token-124").content(BODY))
        .andExpect(status().isUnauthorized());
    mvc.perform(post("/webhook").content(BODY)).andExpect(status().isUnauthorized());
    assertThat(store.rows).hasSize(1);
  }

  @Test
  void aTokenInAFormBodyIsNeverRead() throws Exception {
    // Form bodies are not parsed at all before authentication, so a token there does not count.
    mvc.perform(
            post("/webhook")
                .contentType(MediaType.APPLICATION_FORM_URLENCODED)
                .content("token=url-token-123"))
        .andExpect(status().isUnauthorized());
  }

  @Test
  void theTokenIsReadFromTheQueryStringDecoded() {
    assertThat(WebhookController.queryParameter("a=1&token=x%2By&b=2", "token")).isEqualTo("x+y");
    assertThat(WebhookController.queryParameter("a=1", "token")).isNull();
    assertThat(WebhookController.queryParameter(null, "token")).isNull();
  }
}
