package dev.ittybatch.common.results.bigquery;

import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.google.cloud.NoCredentials;
import com.google.cloud.bigquery.BigQueryOptions;
import com.google.cloud.bigquery.DatasetId;
import dev.ittybatch.common.identity.BatchId;
import dev.ittybatch.common.identity.EntryId;
import dev.ittybatch.common.identity.EntryIdentity;
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
                        + "{\"name\":\"job_id\",\"type\":\"STRING\"}]},\"rows\":["
                        + rows
                        + "]}")));
  }

  @Test
  void asksWithTypedParametersInTheConfiguredDatasetAndReadsTheJob() {
    answers("{\"f\":[{\"v\":\"job_42\"}]}", "1");

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
        .contains("\"name\":\"batch_id\"")
        .contains("\"value\":\"lib\"")
        .contains("\"name\":\"generation\"")
        .contains("\"type\":\"INT64\"")
        .contains("\"value\":\"2\"");
  }

  @Test
  void noDispatchedRowIsEmpty() {
    answers("", "0");
    assertThat(jobs.jobOf(ENTRY, 0)).isEmpty();
  }
}
