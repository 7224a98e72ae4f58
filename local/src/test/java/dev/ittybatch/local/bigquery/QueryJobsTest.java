package dev.ittybatch.local.bigquery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.cloud.bigquery.BigQuery;
import com.google.cloud.bigquery.BigQueryException;
import com.google.cloud.bigquery.BigQueryOptions;
import com.google.cloud.bigquery.DataFormatOptions;
import com.google.cloud.bigquery.DatasetInfo;
import com.google.cloud.bigquery.FieldValueList;
import com.google.cloud.bigquery.InsertAllRequest;
import com.google.cloud.bigquery.Job;
import com.google.cloud.bigquery.JobId;
import com.google.cloud.bigquery.JobInfo;
import com.google.cloud.bigquery.QueryJobConfiguration;
import com.google.cloud.bigquery.QueryParameterValue;
import com.google.cloud.bigquery.TableId;
import com.google.cloud.bigquery.TableResult;
import dev.ittybatch.local.iam.Call;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/**
 * Query jobs on both of the client's paths: jobs.query (the fast path, later pages through
 * tabledata.list on the destination table) and jobs.insert with getQueryResults; the answers on the
 * wire; ids, locations and errors as BigQuery has them.
 */
class QueryJobsTest {

  static final Instant T = Instant.parse("2026-12-01T10:00:00.123456Z");

  @TempDir Path dir;
  StandIns standIns;
  BigQuery bigQuery;

  @BeforeEach
  void start() throws Exception {
    standIns = new StandIns(dir);
    bigQuery = standIns.bigQuery(StandIns.ORCHESTRATOR);
    bigQuery.create(DatasetInfo.newBuilder("ds").build());
    bigQuery.query(
        QueryJobConfiguration.newBuilder(
                "CREATE TABLE ds.numbers (n INT64, `at` TIMESTAMP, offset INT64)")
            .build());
    InsertAllRequest.Builder rows = InsertAllRequest.newBuilder(TableId.of("ds", "numbers"));
    for (int n = 1; n <= 7; n++) {
      rows.addRow(Map.of("n", n, "at", T.plusSeconds(n).toString(), "offset", -n));
    }
    assertThat(bigQuery.insertAll(rows.build()).hasErrors()).isFalse();
  }

  @AfterEach
  void stop() {
    standIns.close();
  }

  static List<Long> numbers(Iterable<FieldValueList> rows) {
    List<Long> numbers = new ArrayList<>();
    rows.forEach(row -> numbers.add(row.get("n").getLongValue()));
    return numbers;
  }

  /**
   * After the first page the client asks for no page size (it keeps only the token:
   * BQ/BigQueryImpl.listTableData), so pages are the server's size: about 100 bytes here.
   */
  @Test
  void bothPathsPageThroughAThreePageResult() throws Exception {
    standIns.close();
    standIns =
        new StandIns(
            dir,
            dev.ittybatch.local.iam.AccessPolicy.allowAll(),
            s -> s.withLimits(10L << 20, 50_000, 100));
    bigQuery = standIns.bigQuery(StandIns.ORCHESTRATOR);
    QueryJobConfiguration query =
        QueryJobConfiguration.newBuilder("SELECT n, `at` FROM ds.numbers ORDER BY n").build();
    Job job = bigQuery.create(JobInfo.of(JobId.of("paged"), query));
    assertThat(pages(job.getQueryResults(BigQuery.QueryResultsOption.pageSize(3))))
        .containsExactly(List.of(1L, 2L, 3L), List.of(4L, 5L, 6L), List.of(7L));
    assertThat(pages(bigQuery.query(query.toBuilder().setMaxResults(3L).build())))
        .containsExactly(List.of(1L, 2L, 3L), List.of(4L, 5L, 6L), List.of(7L));
    assertThat(standIns.calls.calls()).extracting(Call::method).contains("bigquery.tabledata.list");
  }

  static List<List<Long>> pages(TableResult page) {
    List<List<Long>> pages = new ArrayList<>();
    while (page != null) {
      pages.add(numbers(page.getValues()));
      page = page.hasNextPage() ? page.getNextPage() : null;
    }
    return pages;
  }

  @Test
  void theFastPathsLaterPagesComeThroughTabledataListWithItsToken() throws Exception {
    TableResult result =
        bigQuery.query(
            QueryJobConfiguration.newBuilder("SELECT n, `at` FROM ds.numbers ORDER BY n")
                .setMaxResults(3L)
                .build());
    assertThat(numbers(result.getValues())).containsExactly(1L, 2L, 3L);
    assertThat(numbers(result.iterateAll())).containsExactly(1L, 2L, 3L, 4L, 5L, 6L, 7L);
    assertThat(result.iterateAll().iterator().next().get("at").getTimestampInstant())
        .isEqualTo(T.plusSeconds(1));
  }

  @Test
  void int64TimestampsStayInt64OnEveryPage() throws Exception {
    BigQuery int64 =
        BigQueryOptions.newBuilder()
            .setProjectId(StandIns.PROJECT)
            .setHost(standIns.bigQuery.baseUrl())
            .setCredentials(com.google.cloud.NoCredentials.getInstance())
            .setHeaderProvider(
                com.google.api.gax.rpc.FixedHeaderProvider.create(
                    "Authorization", "Bearer " + StandIns.ORCHESTRATOR))
            .setDataFormatOptions(DataFormatOptions.newBuilder().useInt64Timestamp(true).build())
            .build()
            .getService();
    TableResult result =
        int64.query(
            QueryJobConfiguration.newBuilder("SELECT n, `at` FROM ds.numbers ORDER BY n")
                .setMaxResults(2L)
                .build());
    List<Instant> times = new ArrayList<>();
    result.iterateAll().forEach(row -> times.add(row.get("at").getTimestampInstant()));
    assertThat(times).hasSize(7).last().isEqualTo(T.plusSeconds(7));
  }

  @Test
  void aSuccessOnTheWireHasCellsAsStringsFloatSecondsAndNoErrorsKey() throws Exception {
    Wire.Answer answer =
        Wire.post(
            standIns.bigQuery.baseUrl() + "/bigquery/v2/projects/local-project/queries",
            StandIns.ORCHESTRATOR,
            "{\"query\":\"SELECT n, `at`, n > 3 AS big, n / 2 AS half, offset FROM ds.numbers WHERE n = 1 LIMIT 1 OFFSET 0\",\"useLegacySql\":false}");
    assertThat(answer.status()).isEqualTo(200);
    JsonNode body = answer.body();
    assertThat(body.has("errors")).isFalse();
    assertThat(body.get("jobComplete").asBoolean()).isTrue();
    assertThat(body.get("totalRows").isString()).isTrue();
    JsonNode cells = body.get("rows").get(0).get("f");
    assertThat(cells.get(0).get("v").asString()).isEqualTo("1");
    assertThat(cells.get(1).get("v").asString()).isEqualTo("1.796119201123456E9");
    assertThat(cells.get(2).get("v").asString()).isEqualTo("false");
    assertThat(cells.get(3).get("v").asString()).isEqualTo("0.5");
    assertThat(cells.get(4).get("v").asString()).isEqualTo("-1");
    assertThat(body.get("schema").get("fields"))
        .extracting(f -> f.get("type").asString())
        .containsExactly("INTEGER", "TIMESTAMP", "BOOLEAN", "FLOAT", "INTEGER");
  }

  @Test
  void aRepeatedRequestIdAnswersForTheSameJob() throws Exception {
    String request = "{\"query\":\"SELECT 1\",\"useLegacySql\":false,\"requestId\":\"r-1\"}";
    String url = standIns.bigQuery.baseUrl() + "/bigquery/v2/projects/local-project/queries";
    JsonNode first = Wire.post(url, StandIns.ORCHESTRATOR, request).body();
    JsonNode second = Wire.post(url, StandIns.ORCHESTRATOR, request).body();
    assertThat(second.get("jobReference")).isEqualTo(first.get("jobReference"));
  }

  @Test
  void aRepeatedJobIdAnswers409WithTheTextTheClientMatchesAndTheClientGetsTheJob()
      throws Exception {
    QueryJobConfiguration config =
        QueryJobConfiguration.newBuilder("SELECT COUNT(*) FROM ds.numbers").build();
    Job first = bigQuery.create(JobInfo.of(JobId.of("once"), config));
    Job again = bigQuery.create(JobInfo.of(JobId.of("once"), config));
    assertThat(again.getStatistics().getCreationTime())
        .isEqualTo(first.getStatistics().getCreationTime());
    Wire.Answer answer =
        Wire.post(
            standIns.bigQuery.baseUrl() + "/bigquery/v2/projects/local-project/jobs",
            StandIns.ORCHESTRATOR,
            "{\"jobReference\":{\"projectId\":\"local-project\",\"jobId\":\"once\"},"
                + "\"configuration\":{\"query\":{\"query\":\"SELECT 1\",\"useLegacySql\":false}}}");
    assertThat(answer.status()).isEqualTo(409);
    JsonNode error = answer.body().get("error");
    assertThat(error.get("message").asString())
        .isEqualTo("Already Exists: Job local-project:US.once");
    assertThat(error.get("errors").get(0).get("reason").asString()).isEqualTo("duplicate");
    assertThat(error.get("status").asString()).isEqualTo("ALREADY_EXISTS");
  }

  @Test
  void aJobOutsideUsAndEuIsFoundOnlyWithItsLocation() throws Exception {
    bigQuery.create(DatasetInfo.newBuilder("regional").setLocation("europe-west1").build());
    bigQuery.query(QueryJobConfiguration.newBuilder("CREATE TABLE regional.t (x STRING)").build());
    JobId regional = JobId.newBuilder().setJob("in-belgium").setLocation("europe-west1").build();
    bigQuery
        .create(
            JobInfo.of(
                regional, QueryJobConfiguration.newBuilder("SELECT * FROM regional.t").build()))
        .waitFor();
    assertThat(bigQuery.getJob(regional)).isNotNull();
    assertThat(bigQuery.getJob(JobId.of("in-belgium"))).isNull();
    bigQuery.create(DatasetInfo.newBuilder("european").setLocation("EU").build());
    bigQuery.query(QueryJobConfiguration.newBuilder("CREATE TABLE european.t (x STRING)").build());
    bigQuery.create(
        JobInfo.of(
            JobId.of("in-eu"),
            QueryJobConfiguration.newBuilder("SELECT * FROM european.t").build()));
    assertThat(bigQuery.getJob(JobId.of("in-eu")).getJobId().getLocation()).isEqualTo("EU");
  }

  @Test
  void aQueryInAnotherLocationThanItsDataIsNotFound() {
    JobId inEu = JobId.newBuilder().setLocation("EU").build();
    assertThatThrownBy(
            () ->
                bigQuery.query(
                    QueryJobConfiguration.newBuilder("SELECT * FROM ds.numbers").build(), inEu))
        .isInstanceOfSatisfying(
            BigQueryException.class,
            e -> {
              assertThat(e.getCode()).isEqualTo(404);
              assertThat(e.getMessage())
                  .isEqualTo("Not found: Dataset local-project:ds was not found in location EU");
            });
  }

  @Test
  void badQueriesAreRefusedWithBigQuerysReasons() {
    assertThatThrownBy(
            () ->
                bigQuery.query(
                    QueryJobConfiguration.newBuilder("SELECT n FROM ds.numbers WHERE").build()))
        .isInstanceOfSatisfying(
            BigQueryException.class,
            e -> {
              assertThat(e.getCode()).isEqualTo(400);
              assertThat(e.getReason()).isEqualTo("invalidQuery");
            });
    assertThatThrownBy(
            () ->
                bigQuery.query(
                    QueryJobConfiguration.newBuilder("SELECT n FROM ds.numbers WHERE n = @n")
                        .build()))
        .isInstanceOfSatisfying(
            BigQueryException.class,
            e -> assertThat(e.getMessage()).contains("Query parameter 'n' not found"));
    assertThatThrownBy(
            () -> bigQuery.query(QueryJobConfiguration.newBuilder("SELECT 1 FROM ds.nope").build()))
        .isInstanceOfSatisfying(
            BigQueryException.class, e -> assertThat(e.getReason()).isEqualTo("notFound"));
    assertThatThrownBy(
            () -> bigQuery.query(QueryJobConfiguration.newBuilder("SELECT 1 FROM numbers").build()))
        .isInstanceOfSatisfying(
            BigQueryException.class,
            e -> assertThat(e.getMessage()).contains("must be qualified with a dataset"));
    assertThatThrownBy(
            () ->
                bigQuery.query(QueryJobConfiguration.newBuilder("SELECT 1 UNION SELECT 2").build()))
        .isInstanceOfSatisfying(
            BigQueryException.class,
            e -> assertThat(e.getMessage()).contains("Expected keyword ALL or keyword DISTINCT"));
    assertThatThrownBy(
            () ->
                bigQuery.query(
                    QueryJobConfiguration.newBuilder("SELECT 1").setUseLegacySql(true).build()))
        .isInstanceOfSatisfying(
            BigQueryException.class, e -> assertThat(e.getMessage()).contains("legacy SQL"));
  }

  @Test
  void parametersOfTheTypesTheClientSendsAreBound() throws Exception {
    TableResult result =
        bigQuery.query(
            QueryJobConfiguration.newBuilder(
                    "SELECT COUNT(*) AS n FROM ds.numbers WHERE n >= @low AND `at` < @before AND @flag AND n / 1 < @ceiling"
                        + " AND CAST(n AS STRING) IN UNNEST(@names)")
                .addNamedParameter("low", QueryParameterValue.int64(2))
                .addNamedParameter(
                    "before", QueryParameterValue.timestamp("2026-12-01 10:00:06.000000+00:00"))
                .addNamedParameter("flag", QueryParameterValue.bool(true))
                .addNamedParameter("ceiling", QueryParameterValue.float64(4.5))
                .addNamedParameter(
                    "names",
                    QueryParameterValue.array(new String[] {"2", "3", "4", "5"}, String.class))
                .build());
    assertThat(result.getValues().iterator().next().get("n").getLongValue()).isEqualTo(3);
  }

  @Test
  void queriesRunSideBySideWhileRowsArrive() throws Exception {
    java.util.concurrent.ExecutorService pool =
        java.util.concurrent.Executors.newFixedThreadPool(8);
    try {
      List<java.util.concurrent.Future<Long>> counts = new ArrayList<>();
      for (int i = 0; i < 16; i++) {
        counts.add(
            pool.submit(
                () ->
                    bigQuery
                        .query(
                            QueryJobConfiguration.newBuilder(
                                    "SELECT COUNT(*) FROM ds.numbers a JOIN ds.numbers b ON a.n <= b.n")
                                .build())
                        .getValues()
                        .iterator()
                        .next()
                        .get(0)
                        .getLongValue()));
        pool.submit(
            () ->
                bigQuery.insertAll(
                    InsertAllRequest.newBuilder(TableId.of("ds", "extra"))
                        .addRow(Map.of("n", 1))
                        .build()));
      }
      for (java.util.concurrent.Future<Long> count : counts) {
        assertThat(count.get()).isEqualTo(28);
      }
    } finally {
      pool.shutdown();
    }
  }

  @Test
  void withJobsAnsweringRunningTheClientPollsUntilDone() throws Exception {
    standIns.close();
    standIns =
        new StandIns(
            dir,
            dev.ittybatch.local.iam.AccessPolicy.allowAll(),
            s -> s.withJobsAnswerRunning(true));
    bigQuery = standIns.bigQuery(StandIns.ORCHESTRATOR);
    Job job =
        bigQuery.create(
            JobInfo.of(
                JobId.of("polled"),
                QueryJobConfiguration.newBuilder("SELECT COUNT(*) AS n FROM ds.numbers").build()));
    assertThat(job.getQueryResults().getValues().iterator().next().get("n").getLongValue())
        .isEqualTo(7);
    assertThat(standIns.calls.calls())
        .extracting(Call::method)
        .contains("bigquery.jobs.getQueryResults");
  }

  @Test
  void aCallerWithoutATokenIs401() {
    assertThatThrownBy(() -> standIns.anonymousBigQuery().getDataset("ds"))
        .isInstanceOfSatisfying(
            BigQueryException.class,
            e -> {
              assertThat(e.getCode()).isEqualTo(401);
              assertThat(e.getReason()).isEqualTo("required");
            });
  }
}
