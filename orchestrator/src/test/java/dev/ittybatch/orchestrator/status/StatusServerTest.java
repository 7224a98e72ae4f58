package dev.ittybatch.orchestrator.status;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ittybatch.common.ledger.BatchRun;
import dev.ittybatch.common.ledger.LedgerEntry;
import dev.ittybatch.common.results.ResultsStoreException;
import dev.ittybatch.orchestrator.batch.BatchStore;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The page, its SVG and its exports over HTTP, from a store that answers each query with set rows:
 * what is drawn is exactly what the queries said. (The queries themselves run on the BigQuery
 * stand-in in the local module's tests.)
 */
class StatusServerTest {

  static final JsonMapper JSON = JsonMapper.builder().build();
  static final HttpClient HTTP = HttpClient.newHttpClient();
  static final String AWKWARD = "bad, \"very\" bad\nsecond line";

  final Map<String, List<Map<String, Object>>> answers = new HashMap<>();
  RuntimeException failure;
  StatusServer server;

  /** Answers each query with its set rows for batch "lib"; any other batch has none. */
  final BatchStore store =
      new BatchStore() {
        @Override
        public void stream(
            String query, Map<String, String> parameters, Consumer<Map<String, Object>> rows) {
          if (failure != null) {
            throw failure;
          }
          if (parameters.containsKey("batch_id") && !"lib".equals(parameters.get("batch_id"))) {
            if (query.equals("progress_summary")) {
              rows.accept(Map.of("total", 0L));
            }
            return;
          }
          answers.getOrDefault(query, List.of()).forEach(rows);
        }

        @Override
        public void recordRun(BatchRun run) {}

        @Override
        public void recordEntries(List<LedgerEntry> entries) {}

        @Override
        public boolean claim(String batchId, String name) {
          return false;
        }
      };

  static Map<String, Object> row(Object... pairs) {
    Map<String, Object> row = new HashMap<>();
    for (int i = 0; i < pairs.length; i += 2) {
      row.put((String) pairs[i], pairs[i + 1]);
    }
    return row;
  }

  @BeforeEach
  void start() throws Exception {
    answers.put("batches", List.of(row("batch_id", "lib"), row("batch_id", "other")));
    answers.put(
        "progress_summary",
        List.of(
            row(
                "total",
                10L,
                "pending",
                2L,
                "dispatched",
                1L,
                "done",
                7L,
                "succeeded",
                4L,
                "failed",
                2L,
                "rejected",
                1L,
                "dispatch_failed",
                0L,
                "lost",
                0L,
                "cancelled",
                0L,
                "percent_done",
                70.0,
                "recent_per_second",
                0.5,
                "eta_seconds",
                6L)));
    answers.put(
        "outcomes_over_time",
        List.of(
            row(
                "bucket_start",
                "2026-11-30T10:00:00Z",
                "bucket_seconds",
                5L,
                "outcomes",
                3L,
                "succeeded",
                2L,
                "not_succeeded",
                1L),
            row(
                "bucket_start",
                "2026-11-30T10:00:05Z",
                "bucket_seconds",
                5L,
                "outcomes",
                4L,
                "succeeded",
                2L,
                "not_succeeded",
                2L)));
    answers.put(
        "processing_time_by_kind",
        List.of(row("kind", "video", "succeeded", 4L, "avg_processing_seconds", 12.5)));
    answers.put("dispatch_attempts", List.of(row("attempt", 1L, "entries", 6L)));
    answers.put(
        "latest_failures",
        List.of(
            row(
                "entry_id",
                "e1",
                "status",
                "failed",
                "error_kind",
                "<script>x</script>",
                "error_message",
                AWKWARD,
                "source",
                "gs://b/a & b.mov",
                "received_at",
                "2026-11-30T10:01:00Z")));
    answers.put(
        "failures_export",
        List.of(
            row(
                "path",
                "gs://b/a, b.mov",
                "kind",
                "video",
                "status",
                "failed",
                "error_kind",
                "processing_failed",
                "error_message",
                AWKWARD,
                "attempts",
                1L,
                "job_id",
                "job_1",
                "entry_id",
                "e1"),
            row("path", "gs://b/c.mov", "kind", "video", "status", "pending", "entry_id", "e2")));
    answers.put("entry_rows", List.of(row("event_id", "x", "status", "failed")));
    server = new StatusServer(store, JSON, 0);
  }

  @AfterEach
  void stop() {
    server.close();
  }

  static HttpResponse<String> get(String url) throws Exception {
    return HTTP.send(
        HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void thePageShowsTheQueriesNumbers() throws Exception {
    HttpResponse<String> page = get(server.url("lib"));
    assertThat(page.statusCode()).isEqualTo(200);
    String html = page.body();
    assertThat(html)
        .contains("<strong id=\"done\">7</strong> of <strong id=\"total\">10</strong>")
        .contains("<td id=\"count-pending\">2</td>")
        .contains("<td id=\"count-dispatched\">1</td>")
        .contains("<td id=\"count-succeeded\">4</td>")
        .contains("<td id=\"count-failed\">2</td>")
        .contains("<span id=\"eta\">6 s</span>")
        .contains("http-equiv=\"refresh\"")
        .contains("12.50 s")
        .doesNotContain("<script>");
    assertThat(html).contains("/batches/lib/entries/e1.json");
  }

  @Test
  void everySvgIsWellFormedXml() throws Exception {
    String html = get(server.url("lib")).body();
    Matcher svg = Pattern.compile("<svg.*?</svg>", Pattern.DOTALL).matcher(html);
    int count = 0;
    while (svg.find()) {
      DocumentBuilderFactory.newInstance()
          .newDocumentBuilder()
          .parse(
              new ByteArrayInputStream(
                  svg.group().getBytes(java.nio.charset.StandardCharsets.UTF_8)));
      count++;
    }
    assertThat(count).isEqualTo(3);
  }

  @Test
  void theCsvRoundTripsCommasQuotesAndNewlines() throws Exception {
    HttpResponse<String> csv = get(server.url("lib") + "/failures.csv");
    assertThat(csv.headers().firstValue("Content-Type"))
        .hasValueSatisfying(type -> assertThat(type).startsWith("text/csv"));
    List<List<String>> records = parse(csv.body());
    assertThat(records.get(0)).containsExactlyElementsOf(StatusServer.CSV_COLUMNS);
    assertThat(records.get(1))
        .containsExactly(
            "gs://b/a, b.mov", "video", "failed", "processing_failed", AWKWARD, "1", "job_1", "e1");
    assertThat(records.get(2))
        .containsExactly("gs://b/c.mov", "video", "pending", "", "", "", "", "e2");
    assertThat(records).hasSize(3);
  }

  static Map<String, Object> life(String kind, String at, Boolean inForce, String reason) {
    Map<String, Object> row =
        row("kind", kind, "whole_queue", false, "occurred_at", at, "reason", reason, "events", 1L);
    row.put("in_force", inForce);
    return row;
  }

  @Test
  void aBatchStoppedByItsBreakerSaysWhyAndHowToGoOn() throws Exception {
    answers.put(
        "batch_life",
        List.of(
            life("batch_started", "2026-11-30T09:59:00Z", null, null),
            life(
                "breaker_tripped",
                "2026-11-30T10:02:00Z",
                true,
                "Ittybit answered 402 payment_required to the entries of batch lib alike")));
    answers.put(
        "batch_events",
        List.of(
            row(
                "kind",
                "webhook_unplaced",
                "reason",
                "task task_1 names no job",
                "occurred_at",
                "2026-11-30T10:01:00Z",
                "events",
                3L)));

    String page = get(server.url("lib")).body();

    assertThat(page)
        .contains("<section class=\"stopped\" id=\"stopped\">")
        .contains("402 payment_required")
        .contains("deploy/deploy.sh resume lib")
        .contains("<td id=\"events-webhook_unplaced\">3</td>")
        .as("a time of another day, short, with the full time in its title")
        .contains(
            "<time datetime=\"2026-11-30T10:01:00Z\" title=\"2026-11-30T10:01:00Z\">Nov 30"
                + " 10:01</time>");

    answers.put(
        "batch_life", List.of(life("breaker_tripped", "2026-11-30T10:02:00Z", false, "402")));
    assertThat(get(server.url("lib")).body()).as("resumed since").doesNotContain("id=\"stopped\"");
  }

  @Test
  void aPausedBatchSaysSoAndOffersTheCommandsThatActOnIt() throws Exception {
    answers.put(
        "batch_life",
        List.of(
            life("batch_started", "2026-11-30T09:59:00Z", null, null),
            life("paused", "2026-11-30T10:02:00Z", true, "paused by deploy/deploy.sh pause")));
    answers.put("batch_manifest", List.of(row("manifest_uri", "gs://m/manifests/lib.jsonl")));

    String page = get(server.url("lib")).body();

    assertThat(page)
        .contains("<section class=\"stopped\" id=\"paused\"><h3>Paused</h3>")
        .contains("2 entries wait")
        .doesNotContain("id=\"stuck\"");
    String commands = page.substring(page.indexOf("<section id=\"commands\">"));
    assertThat(commands)
        .contains("deploy/deploy.sh resume lib\n")
        .contains("deploy/deploy.sh cancel lib\n")
        .contains(
            "deploy/deploy.sh run gs://m/manifests/lib.jsonl --batch-id lib --retry"
                + " failed,rejected\n")
        .doesNotContain("pause lib")
        .doesNotContain("<form")
        .doesNotContain("<button");

    answers.put(
        "batch_life",
        List.of(life("cancelled", "2026-11-30T10:03:00Z", true, "cancelled by deploy.sh")));
    assertThat(get(server.url("lib")).body())
        .contains("<section class=\"stopped\" id=\"cancelled\"><h3>Cancelled</h3>")
        .contains("Ittybit documents no way to cancel a job");
  }

  @Test
  void aBatchThatHasNotMovedForTheStuckTimeSaysSo() throws Exception {
    Map<String, Object> progress = new HashMap<>(answers.get("progress_summary").get(0));
    progress.put("last_at", "2026-11-30T10:01:00Z");
    answers.put("progress_summary", List.of(progress));

    String page = get(server.url("lib")).body();

    assertThat(page)
        .contains("<section class=\"stopped\" id=\"stuck\"><h3>Not moving</h3>")
        .contains("3 entries wait")
        .contains("deploy/deploy.sh reconcile lib");
  }

  @Test
  void outcomesAreDrawnInBarsAsWideAsTheQueryChose() throws Exception {
    String page = get(server.url("lib")).body();

    assertThat(page)
        .contains("<h3>Outcomes per 5 seconds</h3>")
        .contains(">10:00:05</text>")
        .doesNotContain("Outcomes per minute");
  }

  @Test
  void summaryJsonHasThePagesNumbersAndEntriesLinkToTheirRows() throws Exception {
    JsonNode summary = JSON.readTree(get(server.url("lib") + "/summary.json").body());
    assertThat(summary.get("progress").get("total").asInt()).isEqualTo(10);
    assertThat(summary.get("outcomes_over_time").size()).isEqualTo(2);
    JsonNode rows = JSON.readTree(get(server.url("lib") + "/entries/e1.json").body());
    assertThat(rows.get(0).get("event_id").asString()).isEqualTo("x");
  }

  @Test
  void anEmptyOrUnknownBatchGetsAClearPage() throws Exception {
    HttpResponse<String> empty = get(server.url("other"));
    assertThat(empty.statusCode()).isEqualTo(200);
    assertThat(empty.body()).contains("This batch has no entries yet");
    HttpResponse<String> unknown = get(server.url("nope"));
    assertThat(unknown.statusCode()).isEqualTo(200);
    assertThat(unknown.body()).contains("No batch with this id");
    HttpResponse<String> root = get(server.url());
    assertThat(root.statusCode()).isEqualTo(302);
    assertThat(root.headers().firstValue("Location")).hasValue("/batches/lib");
  }

  @Test
  void aStoreFailureIsSaidNotDumped() throws Exception {
    failure = new ResultsStoreException("BigQuery said no");
    HttpResponse<String> page = get(server.url("lib"));
    assertThat(page.statusCode()).isEqualTo(500);
    assertThat(page.body()).contains("BigQuery said no").doesNotContain("at dev.ittybatch");
  }

  /** RFC 4180, independently of the writer under test. */
  static List<List<String>> parse(String csv) {
    List<List<String>> records = new ArrayList<>();
    List<String> record = new ArrayList<>();
    StringBuilder field = new StringBuilder();
    boolean quoted = false;
    for (int i = 0; i < csv.length(); i++) {
      char c = csv.charAt(i);
      if (quoted) {
        if (c == '"' && i + 1 < csv.length() && csv.charAt(i + 1) == '"') {
          field.append('"');
          i++;
        } else if (c == '"') {
          quoted = false;
        } else {
          field.append(c);
        }
      } else if (c == '"') {
        quoted = true;
      } else if (c == ',') {
        record.add(field.toString());
        field.setLength(0);
      } else if (c == '\r') {
        continue;
      } else if (c == '\n') {
        record.add(field.toString());
        field.setLength(0);
        records.add(record);
        record = new ArrayList<>();
      } else {
        field.append(c);
      }
    }
    return records;
  }
}
