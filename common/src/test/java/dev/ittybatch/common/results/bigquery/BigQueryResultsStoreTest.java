package dev.ittybatch.common.results.bigquery;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.extension.ResponseDefinitionTransformerV2;
import com.github.tomakehurst.wiremock.http.ResponseDefinition;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import com.google.api.gax.retrying.RetrySettings;
import com.google.cloud.NoCredentials;
import com.google.cloud.bigquery.BigQueryOptions;
import com.google.cloud.bigquery.TableId;
import dev.ittybatch.common.identity.BatchId;
import dev.ittybatch.common.identity.EntryId;
import dev.ittybatch.common.identity.EntryIdentity;
import dev.ittybatch.common.results.DispatchAttempt;
import dev.ittybatch.common.results.DispatchOutcome;
import dev.ittybatch.common.results.ResultRow;
import dev.ittybatch.common.results.ResultRowBuilder;
import dev.ittybatch.common.results.ResultStatus;
import dev.ittybatch.common.results.ResultsStoreException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The real BigQuery client against WireMock serving the insertAll REST endpoint. */
class BigQueryResultsStoreTest {

  static final String INSERT_ALL =
      "/bigquery/v2/projects/proj-1/datasets/ittybatch/tables/task_results/insertAll";
  static final JsonMapper JSON = JsonMapper.builder().build();

  WireMockServer bigQuery;
  BigQueryResultsStore store;

  @BeforeEach
  void start() {
    bigQuery =
        new WireMockServer(wireMockConfig().dynamicPort().extensions(new RefusesPoisonRows()));
    bigQuery.start();
    var client =
        BigQueryOptions.newBuilder()
            .setProjectId("proj-1")
            .setHost("http://127.0.0.1:" + bigQuery.port())
            .setCredentials(NoCredentials.getInstance())
            .setRetrySettings(RetrySettings.newBuilder().setMaxAttempts(1).build())
            .build()
            .getService();
    store =
        new BigQueryResultsStore(
            client,
            TableId.of("proj-1", "ittybatch", "task_results"),
            500,
            Duration.ofMillis(100),
            Duration.ofSeconds(4));
  }

  @AfterEach
  void stop() throws InterruptedException {
    store.close();
    bigQuery.stop();
  }

  static ResultRow row(int i) {
    EntryIdentity id =
        new EntryIdentity(new BatchId("lib"), new EntryId(String.format("%032x", i)));
    return ResultRow.fromDispatch(
        new DispatchAttempt(id, 0, 1, "video", "gs://media-lib/v/" + i + ".mov"),
        new DispatchOutcome(ResultStatus.REJECTED, null, "object_not_found", "no such object"),
        Instant.parse("2026-03-01T12:00:00.123456Z"));
  }

  void answer(String body) {
    bigQuery.stubFor(
        post(urlPathEqualTo(INSERT_ALL))
            .willReturn(
                aResponse()
                    .withStatus(200)
                    .withHeader("Content-Type", "application/json")
                    .withBody(body)));
  }

  @Test
  void insertsRowsKeyedByEventIdWithTheTableColumns() {
    answer("{\"kind\":\"bigquery#tableDataInsertAllResponse\"}");
    ResultRow row = row(1);

    store.record(row);

    List<LoggedRequest> requests = bigQuery.findAll(postRequestedFor(urlPathEqualTo(INSERT_ALL)));
    assertThat(requests).hasSize(1);
    JsonNode body = JSON.readTree(requests.get(0).getBodyAsString());
    assertThat(body.get("skipInvalidRows").asBoolean()).isTrue();
    JsonNode sent = body.get("rows").get(0);
    assertThat(sent.get("insertId").stringValue()).isEqualTo(row.eventId());
    JsonNode json = sent.get("json");
    assertThat(json.get("event_id").stringValue()).isEqualTo(row.eventId());
    assertThat(json.get("status").stringValue()).isEqualTo("rejected");
    assertThat(json.get("source_bucket").stringValue()).isEqualTo("media-lib");
    assertThat(json.get("received_at").stringValue()).isEqualTo("2026-03-01 12:00:00.123456 UTC");
    assertThat(json.has("output_url")).as("nulls are left out").isFalse();
  }

  @Test
  void concurrentRowsShareOneInsertAllAndEachCallerIsAnswered() throws Exception {
    answer("{\"kind\":\"bigquery#tableDataInsertAllResponse\"}");
    ExecutorService callers = Executors.newFixedThreadPool(40);
    try {
      List<Future<?>> calls = new ArrayList<>();
      for (int i = 0; i < 200; i++) {
        ResultRow row = row(i);
        calls.add(callers.submit(() -> store.record(row)));
      }
      for (Future<?> call : calls) {
        call.get();
      }
    } finally {
      callers.shutdown();
    }
    List<LoggedRequest> requests = bigQuery.findAll(postRequestedFor(urlPathEqualTo(INSERT_ALL)));
    int rows =
        requests.stream()
            .mapToInt(r -> JSON.readTree(r.getBodyAsString()).get("rows").size())
            .sum();
    assertThat(rows).isEqualTo(200);
    assertThat(requests.size()).as("batched, not one request per row").isLessThan(40);
  }

  /**
   * BigQuery as it answers a partial failure: the rows whose event id starts with "poison" are
   * refused by their index in this request's body, the rest are stored.
   */
  static final class RefusesPoisonRows implements ResponseDefinitionTransformerV2 {
    @Override
    public ResponseDefinition transform(ServeEvent serveEvent) {
      JsonNode rows = JSON.readTree(serveEvent.getRequest().getBodyAsString()).get("rows");
      List<String> errors = new ArrayList<>();
      for (int i = 0; i < rows.size(); i++) {
        if (rows.get(i).get("insertId").stringValue().startsWith("poison")) {
          errors.add(
              "{\"index\":"
                  + i
                  + ",\"errors\":[{\"reason\":\"invalid\",\"message\":\"no such field: colour\"}]}");
        }
      }
      return ResponseDefinitionBuilder.responseDefinition()
          .withStatus(200)
          .withHeader("Content-Type", "application/json")
          .withBody("{\"insertErrors\":[" + String.join(",", errors) + "]}")
          .build();
    }

    @Override
    public boolean applyGlobally() {
      return false;
    }

    @Override
    public String getName() {
      return "refuses-poison-rows";
    }
  }

  @Test
  void aRowBigQueryRefusesFailsOnlyTheCallerWhoSentIt() throws Exception {
    bigQuery.stubFor(
        post(urlPathEqualTo(INSERT_ALL))
            .willReturn(aResponse().withTransformers("refuses-poison-rows")));
    ResultRow poison = withEventId(row(99), "poison-99");
    ExecutorService callers = Executors.newFixedThreadPool(10);
    try {
      List<Future<?>> good = new ArrayList<>();
      CountDownLatch start = new CountDownLatch(1);
      for (int i = 0; i < 9; i++) {
        ResultRow row = row(i);
        good.add(
            callers.submit(
                () -> {
                  start.await();
                  store.record(row);
                  return null;
                }));
      }
      Future<?> bad =
          callers.submit(
              () -> {
                start.await();
                store.record(poison);
                return null;
              });
      start.countDown();
      for (Future<?> call : good) {
        call.get();
      }
      assertThatThrownBy(bad::get)
          .hasCauseInstanceOf(ResultsStoreException.class)
          .hasMessageContaining("invalid: no such field: colour");
    } finally {
      callers.shutdown();
    }
    List<LoggedRequest> requests = bigQuery.findAll(postRequestedFor(urlPathEqualTo(INSERT_ALL)));
    assertThat(requests)
        .as("the poison row shared an insertAll with good rows of other callers")
        .anySatisfy(
            request -> {
              String body = request.getBodyAsString();
              assertThat(body).contains("poison-99");
              assertThat(JSON.readTree(body).get("rows").size()).isGreaterThan(1);
            });
  }

  static ResultRow withEventId(ResultRow row, String eventId) {
    return ResultRowBuilder.from(row).eventId(eventId).build();
  }

  @Test
  void aFailedRequestFailsEveryRowInIt() {
    bigQuery.stubFor(
        post(urlPathEqualTo(INSERT_ALL))
            .willReturn(
                aResponse()
                    .withStatus(404)
                    .withHeader("Content-Type", "application/json")
                    .withBody(
                        "{\"error\":{\"code\":404,\"message\":\"Not found: Table"
                            + " proj-1:ittybatch.task_results\"}}")));
    assertThatThrownBy(() -> store.record(row(1)))
        .isInstanceOf(ResultsStoreException.class)
        .hasMessageContaining("Not found: Table");
  }
}
