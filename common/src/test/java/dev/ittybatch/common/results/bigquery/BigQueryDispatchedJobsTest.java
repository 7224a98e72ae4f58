package dev.ittybatch.common.results.bigquery;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.google.cloud.NoCredentials;
import com.google.cloud.bigquery.BigQueryOptions;
import com.google.cloud.bigquery.DatasetId;
import dev.ittybatch.common.identity.BatchId;
import dev.ittybatch.common.identity.EntryId;
import dev.ittybatch.common.identity.EntryIdentity;
import dev.ittybatch.common.results.ResultsStoreException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The lookup's request on the wire (BigQuery's jobs.query), against WireMock playing BigQuery. */
class BigQueryDispatchedJobsTest {

  static final String QUERIES = "/bigquery/v2/projects/proj-1/queries";
  static final EntryIdentity ENTRY =
      new EntryIdentity(new BatchId("lib"), new EntryId("0123456789abcdef0123456789abcdef"));

  WireMockServer bigQuery;
  BigQueryDispatchedJobs jobs;

  @BeforeEach
  void start() {
    bigQuery = new WireMockServer(wireMockConfig().dynamicPort());
    bigQuery.start();
    jobs =
        new BigQueryDispatchedJobs(
            BigQueryOptions.newBuilder()
                .setProjectId("proj-1")
                .setHost("http://127.0.0.1:" + bigQuery.port())
                .setCredentials(NoCredentials.getInstance())
                .build()
                .getService(),
            DatasetId.of("proj-1", "results"));
  }

  @AfterEach
  void stop() {
    bigQuery.stop();
  }

  void answers(String rows, String total) {
    bigQuery.stubFor(
        post(urlPathEqualTo(QUERIES))
            .willReturn(
                okJson(
                    "{\"kind\":\"bigquery#queryResponse\",\"jobComplete\":true,\"totalRows\":\""
                        + total
                        + "\",\"jobReference\":{\"projectId\":\"proj-1\",\"jobId\":\"q1\","
                        + "\"location\":\"EU\"},\"schema\":{\"fields\":["
                        + "{\"name\":\"entry_key\",\"type\":\"STRING\"},"
                        + "{\"name\":\"job_id\",\"type\":\"STRING\"}]},\"rows\":["
                        + rows
                        + "]}")));
  }

  @Test
  void asksWithTypedParametersInTheConfiguredDatasetAndReadsTheJob() {
    answers(
        "{\"f\":[{\"v\":\"lib/0123456789abcdef0123456789abcdef/2\"},{\"v\":\"job_42\"}]},"
            + "{\"f\":[{\"v\":\"lib/0123456789abcdef0123456789abcdef/2\"},{\"v\":\"job_41\"}]}",
        "2");

    assertThat(jobs.jobOf(ENTRY, 2)).hasValue("job_42");

    JsonNode request =
        JsonMapper.builder()
            .build()
            .readTree(
                bigQuery
                    .findAll(postRequestedFor(urlPathEqualTo(QUERIES)))
                    .get(0)
                    .getBodyAsString());
    assertThat(request.get("query").asString())
        .contains("FROM task_results")
        .doesNotContain("ittybatch.")
        .doesNotContain("lib");
    assertThat(request.get("defaultDataset").get("datasetId").asString()).isEqualTo("results");
    assertThat(request.get("queryParameters").toString())
        .contains("\"name\":\"batch_ids\"")
        .contains("\"name\":\"keys\"")
        .contains("\"type\":\"ARRAY\"")
        .contains("\"value\":\"lib\"")
        .contains("\"value\":\"lib/0123456789abcdef0123456789abcdef/2\"");
  }

  @Test
  void lookupsThatArriveTogetherShareOneQueryAndEachGetsItsOwnJob() throws Exception {
    int lookups = 40;
    StringBuilder rows = new StringBuilder();
    for (int i = 0; i < lookups; i += 2) {
      if (rows.length() > 0) {
        rows.append(',');
      }
      rows.append("{\"f\":[{\"v\":\"lib/" + entry(i).entryId().value() + "/0\"},")
          .append("{\"v\":\"job_" + i + "\"}]}");
    }
    answers(rows.toString(), String.valueOf(lookups / 2));
    ExecutorService webhooks = Executors.newFixedThreadPool(lookups);
    try {
      CountDownLatch together = new CountDownLatch(1);
      List<Future<Optional<String>>> answers = new ArrayList<>();
      for (int i = 0; i < lookups; i++) {
        EntryIdentity entry = entry(i);
        answers.add(
            webhooks.submit(
                () -> {
                  together.await();
                  return jobs.jobOf(entry, 0);
                }));
      }
      together.countDown();
      for (int i = 0; i < lookups; i++) {
        assertThat(answers.get(i).get(10, TimeUnit.SECONDS))
            .as("entry %d", i)
            .isEqualTo(i % 2 == 0 ? Optional.of("job_" + i) : Optional.empty());
      }
    } finally {
      webhooks.shutdownNow();
    }
    assertThat(bigQuery.findAll(postRequestedFor(urlPathEqualTo(QUERIES))).size())
        .as("queries for %d lookups that came together", lookups)
        // One when they all land within the gathering time; a busy machine may split them.
        .isLessThan(lookups / 4);
  }

  @Test
  void aFailedQueryFailsEveryLookupThatWaitedOnIt() {
    bigQuery.stubFor(post(urlPathEqualTo(QUERIES)).willReturn(aResponse().withStatus(400)));
    assertThatThrownBy(() -> jobs.jobOf(ENTRY, 0))
        .isInstanceOf(ResultsStoreException.class)
        .hasMessageContaining("dispatched_job");
  }

  static EntryIdentity entry(int i) {
    return new EntryIdentity(new BatchId("lib"), new EntryId(String.format("%032x", i)));
  }

  @Test
  void noDispatchedRowIsEmpty() {
    answers("", "0");
    assertThat(jobs.jobOf(ENTRY, 0)).isEmpty();
  }
}
