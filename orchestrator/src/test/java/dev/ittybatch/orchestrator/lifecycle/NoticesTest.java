package dev.ittybatch.orchestrator.lifecycle;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.delete;
import static com.github.tomakehurst.wiremock.client.WireMock.deleteRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.google.api.client.http.javanet.NetHttpTransport;
import dev.ittybatch.common.events.BatchEvent;
import dev.ittybatch.common.events.EventLog;
import dev.ittybatch.common.identity.BatchId;
import dev.ittybatch.common.ledger.BatchRun;
import dev.ittybatch.common.ledger.LedgerEntry;
import dev.ittybatch.common.results.ResultRow;
import dev.ittybatch.common.results.ResultsStore;
import dev.ittybatch.orchestrator.batch.BatchStore;
import dev.ittybatch.orchestrator.reconcile.Reconciler;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

/**
 * The notices of a pass against a receiver (WireMock) and Cloud Scheduler's DELETE, with the claims
 * of a store that takes each name once: passes side by side post once, a post that fails is posted
 * again by a later pass and never twice once it succeeded, a stuck spell gets one notice.
 */
class NoticesTest {

  static final Instant NOW = Instant.parse("2026-12-05T19:22:58Z");
  static final String JOB = "/v1/projects/p/locations/eu/jobs/ittybatch-reconcile-lib";

  WireMockServer target;
  Store store;
  Instant now = NOW;

  @BeforeEach
  void start() {
    target = new WireMockServer(wireMockConfig().dynamicPort().bindAddress("127.0.0.1"));
    target.start();
    target.stubFor(post(urlPathEqualTo("/hook")).willReturn(aResponse().withStatus(200)));
    target.stubFor(
        delete(urlPathEqualTo(JOB)).willReturn(aResponse().withStatus(200).withBody("{}")));
    store = new Store();
  }

  @AfterEach
  void stop() {
    target.stop();
  }

  Notices notices() {
    Clock clock =
        new Clock() {
          @Override
          public java.time.ZoneId getZone() {
            return ZoneOffset.UTC;
          }

          @Override
          public Clock withZone(java.time.ZoneId zone) {
            return this;
          }

          @Override
          public Instant instant() {
            return now;
          }
        };
    return new Notices(
        store,
        store,
        new Notifier(target.baseUrl() + "/hook", JsonMapper.builder().build()),
        new ScheduleEnd(
            target.baseUrl(), "p", "eu", () -> new NetHttpTransport().createRequestFactory()),
        Duration.ofHours(1),
        clock);
  }

  String pass() {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    notices()
        .afterPass(
            new BatchId("lib"),
            BatchLife.of(store.life()),
            findings(),
            new PrintStream(out, true, java.nio.charset.StandardCharsets.UTF_8));
    return out.toString(java.nio.charset.StandardCharsets.UTF_8);
  }

  static Reconciler.Findings findings() {
    return new Reconciler.Findings(null, 3, 0, 3, 0, 0, 0, 0, Set.of(), 0, null);
  }

  @Test
  void passesSideBySideThatSeeABatchDonePostOneNoticeAndEndItsSchedule() throws Exception {
    store.progress = done();
    int passes = 8;
    CountDownLatch start = new CountDownLatch(1);
    ExecutorService threads = Executors.newFixedThreadPool(passes);
    List<Future<String>> outputs = new ArrayList<>();
    for (int i = 0; i < passes; i++) {
      outputs.add(
          threads.submit(
              () -> {
                start.await();
                return pass();
              }));
    }
    start.countDown();
    for (Future<String> output : outputs) {
      output.get();
    }
    threads.shutdown();

    assertThat(texts())
        .singleElement()
        .satisfies(
            text ->
                assertThat(text)
                    .startsWith("ittybatch: batch lib is done: 50,000 entries in 5 h 40 min")
                    .contains(
                        "49,301 succeeded, 312 failed, 121 rejected, 52 dispatch_failed, 214"
                            + " lost.")
                    .contains("/batches/lib/failures.csv")
                    .contains(
                        "deploy/deploy.sh run gs://manifests/manifests/lib.jsonl --batch-id lib"
                            + " --retry failed,rejected,dispatch_failed,lost")
                    .endsWith("Status: deploy/deploy.sh status lib"));
    assertThat(store.events).extracting(BatchEvent::kind).containsExactly("done_notified");
    target.verify(1, deleteRequestedFor(urlPathEqualTo(JOB)));

    // A later pass reads the notice as posted: nothing again, the schedule's end only.
    target.stubFor(
        delete(urlPathEqualTo(JOB))
            .willReturn(aResponse().withStatus(404).withBody("{\"error\":{\"code\":404}}")));
    now = NOW.plus(Duration.ofMinutes(15));
    assertThat(pass()).contains("was ended already").doesNotContain("notice posted");
    target.verify(1, postRequestedFor(urlPathEqualTo("/hook")));
  }

  @Test
  void aNoticeThatCouldNotBePostedIsPostedByALaterPassAndTheScheduleWaitsForIt() {
    store.progress = done();
    target.stubFor(post(urlPathEqualTo("/hook")).willReturn(aResponse().withStatus(500)));

    assertThat(pass()).contains("its notice could not be posted yet");
    assertThat(store.events).isEmpty();
    target.verify(0, deleteRequestedFor(urlPathEqualTo(JOB)));

    target.stubFor(post(urlPathEqualTo("/hook")).willReturn(aResponse().withStatus(200)));
    now = NOW.plus(Duration.ofMinutes(1));
    assertThat(pass()).as("the same window: the failed pass's claims").contains("another pass");
    now = NOW.plus(Duration.ofMinutes(15));
    assertThat(pass()).contains("notice posted").contains("is deleted");

    target.verify(3 - 1, postRequestedFor(urlPathEqualTo("/hook")));
    assertThat(store.events).extracting(BatchEvent::kind).containsExactly("done_notified");
  }

  @Test
  void aBatchThatHasNotMovedGetsOneStuckNoticePerSpell() {
    Map<String, Object> waiting = new HashMap<>(done());
    waiting.put("pending", 120L);
    waiting.put("dispatched", 3L);
    waiting.put("last_at", NOW.minus(Duration.ofMinutes(50)));
    store.progress = waiting;
    store.startedAt = NOW.minus(Duration.ofHours(5));

    assertThat(pass()).as("quiet for 50 minutes: not yet").isEmpty();
    now = NOW.plus(Duration.ofMinutes(15));
    assertThat(pass()).contains("has not moved since");
    now = NOW.plus(Duration.ofMinutes(30));
    assertThat(pass()).as("the same spell").isEmpty();

    assertThat(texts())
        .singleElement()
        .satisfies(
            text ->
                assertThat(text)
                    .startsWith("ittybatch: batch lib has not moved for 1 h 5 min")
                    .contains("123 of 50,000 entries are waiting")
                    .contains("- 120 pending, in the queue\n")
                    .contains(
                        "- 3 at Ittybit awaiting a webhook (this pass fetched 3: 3 still running")
                    .doesNotContain("paused"));
    assertThat(store.events).extracting(BatchEvent::kind).containsExactly("stuck_notified");

    // It moves, then stops again: a new spell, a new notice.
    waiting.put("last_at", NOW.plus(Duration.ofMinutes(40)));
    now = NOW.plus(Duration.ofMinutes(105));
    assertThat(pass()).contains("has not moved since");
    target.verify(2, postRequestedFor(urlPathEqualTo("/hook")));
  }

  /** The texts posted, in order. */
  List<String> texts() {
    return target.findAll(postRequestedFor(urlPathEqualTo("/hook"))).stream()
        .map(
            request ->
                JsonMapper.builder()
                    .build()
                    .readTree(request.getBodyAsString())
                    .get("text")
                    .asString())
        .toList();
  }

  static Map<String, Object> done() {
    Map<String, Object> progress = new HashMap<>();
    progress.put("total", 50_000L);
    progress.put("pending", 0L);
    progress.put("dispatched", 0L);
    progress.put("succeeded", 49_301L);
    progress.put("failed", 312L);
    progress.put("rejected", 121L);
    progress.put("dispatch_failed", 52L);
    progress.put("lost", 214L);
    progress.put("last_at", NOW.minus(Duration.ofMinutes(20)));
    return progress;
  }

  /** The store a pass reads: set answers, claims taken once, events kept. */
  final class Store implements BatchStore, EventLog, ResultsStore {

    volatile Map<String, Object> progress = Map.of();
    volatile Instant startedAt = NOW.minus(Duration.ofHours(6));
    final List<BatchEvent> events = new CopyOnWriteArrayList<>();
    final Set<String> claims = ConcurrentHashMap.newKeySet();

    List<Map<String, Object>> life() {
      List<Map<String, Object>> rows = new ArrayList<>();
      rows.add(Map.of("kind", "batch_started", "whole_queue", false, "occurred_at", startedAt));
      for (BatchEvent event : events) {
        Map<String, Object> row = new HashMap<>();
        row.put("kind", event.kind());
        row.put("whole_queue", false);
        row.put("detail", event.detail());
        row.put("occurred_at", event.occurredAt());
        rows.add(row);
      }
      return rows;
    }

    @Override
    public void stream(
        String query, Map<String, String> parameters, Consumer<Map<String, Object>> rows) {
      switch (query) {
        case "progress_summary" -> rows.accept(progress);
        case "batch_manifest" ->
            rows.accept(Map.of("manifest_uri", "gs://manifests/manifests/lib.jsonl"));
        default -> throw new IllegalArgumentException("no query " + query + " here");
      }
    }

    @Override
    public boolean claim(String batchId, String name) {
      return claims.add(batchId + "/" + name);
    }

    @Override
    public void append(List<BatchEvent> appended) {
      events.addAll(appended);
    }

    @Override
    public void recordRun(BatchRun run) {}

    @Override
    public void recordEntries(List<LedgerEntry> entries) {}

    @Override
    public void record(List<ResultRow> rows) {}
  }
}
