package dev.ittybatch.common.ittybit.client;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.http.Fault;
import dev.ittybatch.common.ittybit.JobStatus;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

/** Every answer a job lookup gives, from what Ittybit (WireMock) answers on the wire. */
class JobLookupTest {

  static final Instant NOW = Instant.parse("2026-12-01T10:00:00Z");
  static final String OURS =
      "\"metadata\":{\"batch_id\":\"lib\",\"entry_id\":\"00000000000000000000000000000001\"}";

  WireMockServer ittybit;
  JobLookup lookup;

  @BeforeEach
  void start() {
    ittybit = new WireMockServer(wireMockConfig().dynamicPort());
    ittybit.start();
    IttybitClient client =
        IttybitClient.create(
            new IttybitProperties(
                "itty_key_0123456789",
                "http://127.0.0.1:" + ittybit.port(),
                "",
                null,
                Duration.ofSeconds(1),
                Duration.ofSeconds(2)),
            JsonMapper.builder().build());
    lookup = new JobLookup(client, Clock.fixed(NOW, ZoneOffset.UTC));
  }

  @AfterEach
  void stop() {
    ittybit.stop();
  }

  void job(String body) {
    ittybit.stubFor(get(urlPathEqualTo("/jobs/job_1")).willReturn(okJson(body)));
  }

  @Test
  void aFinishedJobOfOursIsFinishedWithItsMetadata() {
    job(
        "{\"id\":\"job_1\",\"status\":\"completed\",\"output\":\"https://cdn.example/1.mp4\","
            + OURS
            + "}");

    JobLookup.Answer answer = lookup.lookup("job_1");

    assertThat(answer)
        .isInstanceOfSatisfying(
            JobLookup.Finished.class,
            finished -> {
              assertThat(finished.job().status()).isEqualTo(JobStatus.SUCCEEDED);
              assertThat(finished.job().details().outputUrl())
                  .isEqualTo("https://cdn.example/1.mp4");
              assertThat(finished.metadata().identity().batchId().value()).isEqualTo("lib");
            });
  }

  @Test
  void aJobOfOursNotFinishedIsRunning() {
    job("{\"id\":\"job_1\",\"status\":\"processing\"," + OURS + "}");

    assertThat(lookup.lookup("job_1")).isInstanceOf(JobLookup.Running.class);
  }

  @Test
  void aJobWithoutOurMetadataOrUnderAnotherIdIsNotOurs() {
    job("{\"id\":\"job_1\",\"status\":\"completed\",\"metadata\":{\"batch_id\":\"lib\"}}");
    assertThat(lookup.lookup("job_1"))
        .isInstanceOfSatisfying(
            JobLookup.NotOurs.class,
            notOurs -> assertThat(notOurs.reason()).contains("no batch and entry of ours"));

    job("{\"id\":\"job_2\",\"status\":\"completed\"," + OURS + "}");
    assertThat(lookup.lookup("job_1")).isInstanceOf(JobLookup.NotOurs.class);
  }

  @Test
  void aJobIttybitDoesNotKnowIsUnknown() {
    ittybit.stubFor(get(urlPathEqualTo("/jobs/job_1")).willReturn(aResponse().withStatus(404)));
    assertThat(lookup.lookup("job_1")).isInstanceOf(JobLookup.Unknown.class);

    ittybit.stubFor(get(urlPathEqualTo("/jobs/job_1")).willReturn(aResponse().withStatus(410)));
    assertThat(lookup.lookup("job_1")).isInstanceOf(JobLookup.Unknown.class);
  }

  @Test
  void retriesLaterWhenIttybitRateLimitsWithItsOwnDelay() {
    ittybit.stubFor(
        get(urlPathEqualTo("/jobs/job_1"))
            .willReturn(aResponse().withStatus(429).withHeader("Retry-After", "7")));

    assertThat(lookup.lookup("job_1"))
        .isInstanceOfSatisfying(
            JobLookup.RetryLater.class,
            later -> {
              assertThat(later.reason())
                  .startsWith("could not fetch job job_1: Ittybit answered 429");
              assertThat(later.delay()).isEqualTo(Duration.ofSeconds(7));
            });
  }

  @Test
  void retriesLaterWhenIttybitIsUnreachableRefusesTheKeyOrAnswersGarbage() {
    ittybit.stubFor(
        get(urlPathEqualTo("/jobs/job_1"))
            .willReturn(aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER)));
    assertThat(lookup.lookup("job_1")).isInstanceOf(JobLookup.RetryLater.class);

    ittybit.stubFor(get(urlPathEqualTo("/jobs/job_1")).willReturn(aResponse().withStatus(401)));
    assertThat(lookup.lookup("job_1"))
        .isInstanceOfSatisfying(
            JobLookup.RetryLater.class,
            later -> {
              assertThat(later.reason()).contains("API key is refused");
              assertThat(later.delay()).isEqualTo(JobLookup.DEFAULT_DELAY);
            });

    job("[1, 2]");
    assertThat(lookup.lookup("job_1")).isInstanceOf(JobLookup.RetryLater.class);
  }

  @Test
  void readsRetryAfterInSecondsOrAsAnHttpDate() {
    assertThat(JobLookup.delay("12", NOW)).isEqualTo(Duration.ofSeconds(12));
    assertThat(JobLookup.delay("Tue, 01 Dec 2026 10:01:30 GMT", NOW))
        .isEqualTo(Duration.ofSeconds(90));
    assertThat(JobLookup.delay("Tue, 01 Dec 2026 09:00:00 GMT", NOW)).isEqualTo(Duration.ZERO);
    assertThat(JobLookup.delay("soon", NOW)).isEqualTo(JobLookup.DEFAULT_DELAY);
    assertThat(JobLookup.delay(null, NOW)).isEqualTo(JobLookup.DEFAULT_DELAY);
  }
}
