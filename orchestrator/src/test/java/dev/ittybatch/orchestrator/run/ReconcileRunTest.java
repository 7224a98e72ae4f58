package dev.ittybatch.orchestrator.run;

import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.WireMockServer;
import dev.ittybatch.common.identity.BatchId;
import dev.ittybatch.common.identity.EntryId;
import dev.ittybatch.common.identity.EntryIdentity;
import dev.ittybatch.common.ledger.LedgerEntry;
import dev.ittybatch.common.results.DispatchAttempt;
import dev.ittybatch.common.results.DispatchOutcome;
import dev.ittybatch.common.results.ResultRow;
import dev.ittybatch.common.results.ResultStatus;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.system.CapturedOutput;
import tools.jackson.databind.JsonNode;

/**
 * {@code --reconcile}: jobs whose webhook never came are fetched and recorded; entries whose task
 * is gone are re-driven, or recorded lost. Ittybit is WireMock, Cloud Tasks the gRPC fake.
 */
class ReconcileRunTest extends OrchestratorTestBase {

  static final String BATCH = "lib";
  static final String KEY = "itty_test_key";

  WireMockServer ittybit;
  List<LedgerEntry> ledger;

  @BeforeEach
  void enqueueABatch() throws IOException {
    ittybit = new WireMockServer(wireMockConfig().dynamicPort().bindAddress("127.0.0.1"));
    ittybit.start();
    assertThat(run("--manifest=" + manifest("library.jsonl", entries(6)), "--batch-id=" + BATCH))
        .isEqualTo(ExitCodes.OK);
    ledger = store.ledger();
    store.ledgerAge = Duration.ofHours(2);
    Instant longAgo = Instant.now().minus(Duration.ofHours(2));
    dispatched(ledger.get(0), "job_done", longAgo);
    dispatched(ledger.get(1), "job_busy", longAgo);
    dispatched(ledger.get(4), "job_recent", Instant.now());
    settled(ledger.get(5));
    job("job_done", "succeeded", ledger.get(0));
    job("job_busy", "processing", ledger.get(1));
    // Entry 2's task ran and vanished without a word; entry 3's is still queued.
    cloudTasks.tasks.remove(ledger.get(2).taskName());
    cloudTasks.tasks.keySet().removeIf(name -> !name.equals(ledger.get(3).taskName()));
    cloudTasks.calls.clear();
  }

  @AfterEach
  void stopIttybit() {
    ittybit.stop();
  }

  int reconcile(String... more) {
    String[] args = new String[more.length + 3];
    args[0] = "--reconcile";
    args[1] = "--batch-id=" + BATCH;
    args[2] = "--older-than=1m";
    System.arraycopy(more, 0, args, 3, more.length);
    return run(Map.of("ITTYBIT_API_KEY", KEY, "ITTYBIT_BASE_URL", ittybit.baseUrl()), args);
  }

  void dispatched(LedgerEntry entry, String jobId, Instant at) {
    store.record(
        List.of(
            ResultRow.fromDispatch(
                new DispatchAttempt(identity(entry), 0, 1, entry.kind(), entry.path()),
                new DispatchOutcome(ResultStatus.DISPATCHED, jobId, null, null),
                at)));
  }

  void settled(LedgerEntry entry) {
    store.record(
        List.of(
            ResultRow.fromDispatch(
                new DispatchAttempt(identity(entry), 0, 1, entry.kind(), entry.path()),
                new DispatchOutcome(ResultStatus.REJECTED, null, "invalid_input", "bad"),
                Instant.now())));
  }

  static EntryIdentity identity(LedgerEntry entry) {
    return new EntryIdentity(new BatchId(BATCH), new EntryId(entry.entryId()));
  }

  void job(String id, String status, LedgerEntry entry) {
    ittybit.stubFor(
        get(urlPathEqualTo("/jobs/" + id))
            .withHeader("Authorization", equalTo("Bearer " + KEY))
            .willReturn(
                okJson(
                    "{\"id\":\""
                        + id
                        + "\",\"object\":\"job\",\"kind\":\"video\",\"status\":\""
                        + status
                        + "\",\"created_at\":1764000000000,\"finished_at\":1764000060000,"
                        + "\"output\":{\"url\":\"https://cdn.example/out.mp4\",\"width\":1920},"
                        + "\"metadata\":{\"batch_id\":\""
                        + BATCH
                        + "\",\"entry_id\":\""
                        + entry.entryId()
                        + "\"}}")));
  }

  @Test
  void recordsFinishedJobsAndReDrivesEntriesWhoseTaskIsGone(CapturedOutput output) {
    assertThat(reconcile()).isEqualTo(ExitCodes.OK);

    ResultRow fetched = store.outcomes.get(ledger.get(0).entryId());
    assertThat(fetched.status()).isEqualTo(ResultStatus.SUCCEEDED);
    assertThat(fetched.origin()).isEqualTo(ResultRow.ORIGIN_RECONCILE);
    assertThat(fetched.jobId()).isEqualTo("job_done");
    assertThat(fetched.durationMs()).isEqualTo(60_000);
    assertThat(store.outcomes.get(ledger.get(1).entryId()).status())
        .isEqualTo(ResultStatus.DISPATCHED);
    ittybit.verify(0, getRequestedFor(urlPathEqualTo("/jobs/job_recent")));

    // The lost entry comes back read from the manifest the ledger names. Its key is still alive
    // at Ittybit: the same generation and enqueued_at (so the same request bytes), a new task name.
    assertThat(cloudTasks.calls)
        .singleElement()
        .satisfies(
            call -> {
              assertThat(call.getTask().getName()).startsWith(ledger.get(2).taskName() + "-r");
              JsonNode payload =
                  JSON.readTree(call.getTask().getHttpRequest().getBody().toStringUtf8());
              assertThat(payload.path("generation").asInt()).isZero();
              assertThat(payload.get("enqueued_at").asLong())
                  .isEqualTo(ledger.get(2).enqueuedAt().getEpochSecond());
            });
    assertThat(store.ledger())
        .filteredOn(e -> e.entryId().equals(ledger.get(2).entryId()))
        .hasSize(2)
        .allSatisfy(e -> assertThat(e.generation()).isZero());
    assertThat(output.getOut())
        .contains("2 checked, 1 recorded from their job, 1 still running")
        .contains("2 checked, 1 still in the queue, 1 lost")
        .contains("Re-driving 1 lost entries from ");
  }

  @Test
  void withoutRedriveLostEntriesAreRecordedLost() {
    assertThat(reconcile("--no-redrive")).isEqualTo(ExitCodes.OK);

    assertThat(cloudTasks.calls).isEmpty();
    ResultRow lost = store.outcomes.get(ledger.get(2).entryId());
    assertThat(lost.status()).isEqualTo(ResultStatus.LOST);
    assertThat(lost.origin()).isEqualTo(ResultRow.ORIGIN_RECONCILE);
    assertThat(lost.errorMessage()).contains(ledger.get(2).taskName()).contains("--retry=lost");

    // ... and --retry=lost brings them back as their next generation.
    assertThat(run("--manifest=" + ledgerManifest(), "--batch-id=" + BATCH, "--retry=lost"))
        .isEqualTo(ExitCodes.OK);
    assertThat(cloudTasks.calls)
        .singleElement()
        .satisfies(
            call ->
                assertThat(call.getTask().getName()).isEqualTo(ledger.get(2).taskName() + "-g1"));
  }

  String ledgerManifest() {
    return store.runs.get(0).manifestUri();
  }
}
