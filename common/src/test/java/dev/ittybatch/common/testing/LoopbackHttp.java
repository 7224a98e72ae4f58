package dev.ittybatch.common.testing;

import org.springframework.http.HttpStatusCode;
import org.springframework.http.client.JdkClientHttpRequestFactory;
import org.springframework.web.client.RestClient;

/**
 * The client tests use to call a service on loopback the way Cloud Tasks or Ittybit would: every
 * status comes back as it is, and nothing is sent twice. (With Apache HttpClient 5 on the class
 * path a default RestClient would use it, and its default strategy re-sends on 503 with
 * Retry-After, which is exactly the answer these tests look at.)
 */
public final class LoopbackHttp {

  private LoopbackHttp() {}

  public static RestClient client() {
    return RestClient.builder()
        .requestFactory(new JdkClientHttpRequestFactory())
        .defaultStatusHandler(HttpStatusCode::isError, (request, response) -> {})
        .build();
  }
}
