package dev.ittybatch.orchestrator.run;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.cloud.tasks.v2.CreateTaskRequest;
import dev.ittybatch.common.identity.BatchId;
import dev.ittybatch.common.identity.EntryId;
import dev.ittybatch.common.identity.EntryIdentity;
import dev.ittybatch.common.ledger.BatchRun;
import dev.ittybatch.common.ledger.LedgerEntry;
import dev.ittybatch.common.results.DispatchAttempt;
import dev.ittybatch.common.results.DispatchOutcome;
import dev.ittybatch.common.results.ResultRow;
import dev.ittybatch.common.results.ResultStatus;
import dev.ittybatch.common.results.ResultsStoreException;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.system.CapturedOutput;
import tools.jackson.databind.JsonNode;

/** The ledger, the skip check of a re-run, and {@code --retry}: re-runs are safe at any age. */
class BatchLedgerRunTest extends OrchestratorTestBase {

  static final String BATCH = "lib";

  /** The outcome of one entry's generation, as the results would hold it. */
  void outcome(LedgerEntry entry, ResultStatus status) {
    EntryIdentity identity = new EntryIdentity(new BatchId(BATCH), new EntryId(entry.entryId()));
    store.record(
        List.of(
            ResultRow.fromDispatch(
                new DispatchAttempt(identity, entry.generation(), 1, entry.kind(), entry.path()),
                new DispatchOutcome(
                    status,
                    status == ResultStatus.DISPATCHED ? "job_" + entry.line() : null,
                    null,
                    null),
                Instant.now())));
  }

  static Set<String> names(List<CreateTaskRequest> calls) {
    return calls.stream().map(call -> call.getTask().getName()).collect(Collectors.toSet());
  }

  @Test
  void theFirstTasksWaitOnlyForASmallFirstChunkThenChunksAreFull() throws IOException {
    Path file = manifest("library.jsonl", entries(2600));

    assertThat(run("--manifest=" + file, "--batch-id=" + BATCH)).isEqualTo(ExitCodes.OK);

    // The default chunk is 20,000: the rest of this batch is one chunk.
    assertThat(store.chunks).containsExactly(1000, 1600);
    assertThat(cloudTasks.tasks).hasSize(2600);
  }

  @Test
  void everyEntryIsInTheLedgerWithItsTaskNameAndTheRunIsRecorded() throws IOException {
    Path file = manifest("library.jsonl", entries(12));

    assertThat(run("--manifest=" + file, "--batch-id=" + BATCH)).isEqualTo(ExitCodes.OK);

    List<LedgerEntry> ledger = store.ledger();
    assertThat(ledger).hasSize(12);
    assertThat(ledger.stream().map(LedgerEntry::taskName).collect(Collectors.toSet()))
        .isEqualTo(cloudTasks.tasks.keySet());
    assertThat(ledger)
        .allSatisfy(
            entry -> {
              assertThat(entry.generation()).isZero();
              assertThat(entry.kind()).isEqualTo("video");
              assertThat(entry.enqueuedAt()).isNotNull();
              assertThat(entry.line()).isBetween(1L, 12L);
            });
    assertThat(store.runs).hasSize(2);
    BatchRun end = store.runs.get(1);
    assertThat(end.finishedAt()).isNotNull();
    assertThat(end.entries()).isEqualTo(12);
    assertThat(end.entriesByKind()).isEqualTo("{\"video\":12}");
    assertThat(end.enqueued()).isEqualTo(12);
    assertThat(end.manifestUri()).isEqualTo(file.toString());
  }

  @Test
  void aRunUnderWayWhenItsBatchIsPausedStopsAtItsNextChunk(CapturedOutput output)
      throws IOException {
    Path file = manifest("library.jsonl", entries(300));
    store.afterLedgerWrite =
        () ->
            store.append(
                dev.ittybatch.common.events.BatchEvent.of(
                    dev.ittybatch.common.events.BatchEvent.Kind.PAUSED,
                    BATCH,
                    "paused by deploy/deploy.sh pause",
                    null,
                    "orchestrator",
                    Instant.now(),
                    "pause"));

    int exit =
        run(
            java.util.Map.of("orchestrator.ledger-chunk", "100"),
            "--manifest=" + file,
            "--batch-id=" + BATCH);

    assertThat(exit).isEqualTo(ExitCodes.BATCH_HELD);
    assertThat(store.ledger()).hasSize(100);
    assertThat(cloudTasks.tasks).hasSize(100);
    assertThat(output.getErr())
        .contains("Stopped before the next chunk: batch lib is paused since ")
        .contains("deploy/deploy.sh resume lib");

    assertThat(run("--manifest=" + file, "--batch-id=" + BATCH))
        .as("a plain run refuses the paused batch before it starts")
        .isEqualTo(ExitCodes.BATCH_HELD);
    assertThat(cloudTasks.tasks).hasSize(100);
  }

  @Test
  void noTaskIsCreatedForAnEntryTheLedgerCouldNotRecord(CapturedOutput output) throws IOException {
    Path file = manifest("library.jsonl", entries(5));
    store.failLedgerWith = new ResultsStoreException("ledger is down");

    assertThat(run("--manifest=" + file, "--batch-id=" + BATCH)).isEqualTo(ExitCodes.SOME_FAILED);

    assertThat(cloudTasks.calls).isEmpty();
    assertThat(output.getErr()).contains("ledger could not be written").contains("run again");
  }

  @Test
  void aReRunAfterTheNamesAreFreeAgainCreatesNoJobTwice(CapturedOutput output) throws Exception {
    Path file = manifest("library.jsonl", entries(10));
    assertThat(run("--manifest=" + file, "--batch-id=" + BATCH)).isEqualTo(ExitCodes.OK);
    List<LedgerEntry> ledger = store.ledger();
    outcome(ledger.get(0), ResultStatus.SUCCEEDED);
    outcome(ledger.get(1), ResultStatus.FAILED);
    outcome(ledger.get(2), ResultStatus.REJECTED);
    outcome(ledger.get(3), ResultStatus.DISPATCHED);
    // A week later: Cloud Tasks has forgotten every name, so only the skip check protects.
    cloudTasks.tasks.clear();
    cloudTasks.calls.clear();
    Thread.sleep(1100);

    assertThat(run("--manifest=" + file, "--batch-id=" + BATCH)).isEqualTo(ExitCodes.OK);

    Set<String> settled =
        ledger.subList(0, 4).stream().map(LedgerEntry::taskName).collect(Collectors.toSet());
    assertThat(names(cloudTasks.calls)).hasSize(6).doesNotContainAnyElementsOf(settled);
    // A pending entry keeps its first run's instant: the same signed URL, the same body under the
    // same idempotency key, so Ittybit answers with the job it may already have made.
    long firstRun = ledger.get(0).enqueuedAt().getEpochSecond();
    for (CreateTaskRequest call : cloudTasks.calls) {
      JsonNode body = JSON.readTree(call.getTask().getHttpRequest().getBody().toStringUtf8());
      assertThat(body.get("enqueued_at").asLong()).isEqualTo(firstRun);
    }
    assertThat(output.getOut()).contains("Skipped 4 entries (latest outcome");
    assertThat(store.runs.get(store.runs.size() - 1).skipped()).isEqualTo(4);
  }

  @Test
  void retryReDrivesOnlyTheChosenOutcomesAsTheirNextGeneration() throws IOException {
    Path file = manifest("library.jsonl", entries(8));
    assertThat(run("--manifest=" + file, "--batch-id=" + BATCH)).isEqualTo(ExitCodes.OK);
    List<LedgerEntry> ledger = store.ledger();
    outcome(ledger.get(0), ResultStatus.FAILED);
    outcome(ledger.get(1), ResultStatus.DISPATCH_FAILED);
    outcome(ledger.get(2), ResultStatus.REJECTED);
    outcome(ledger.get(3), ResultStatus.SUCCEEDED);
    cloudTasks.calls.clear();

    assertThat(run("--manifest=" + file, "--batch-id=" + BATCH, "--retry=failed,dispatch_failed"))
        .isEqualTo(ExitCodes.OK);

    assertThat(names(cloudTasks.calls))
        .containsExactlyInAnyOrder(
            ledger.get(0).taskName() + "-g1", ledger.get(1).taskName() + "-g1");
    for (CreateTaskRequest call : cloudTasks.calls) {
      JsonNode body = JSON.readTree(call.getTask().getHttpRequest().getBody().toStringUtf8());
      assertThat(body.get("generation").asInt()).isEqualTo(1);
    }
    List<LedgerEntry> redriven =
        store.ledger().stream().filter(entry -> entry.generation() == 1).toList();
    assertThat(redriven).hasSize(2);
    assertThat(store.runs.get(store.runs.size() - 1).mode()).isEqualTo("retry");

    // The re-driven generation's outcome is what a later retry of "failed" looks at.
    cloudTasks.calls.clear();
    assertThat(run("--manifest=" + file, "--batch-id=" + BATCH, "--retry=failed"))
        .isEqualTo(ExitCodes.OK);
    assertThat(cloudTasks.calls).isEmpty();
  }

  @Test
  void retryNamesWhatItAccepts(CapturedOutput output) {
    org.assertj.core.api.Assertions.assertThatThrownBy(
            () -> run("--manifest=x.jsonl", "--retry=failed,succeeded"))
        .isInstanceOf(RuntimeException.class);
    assertThat(output)
        .contains(
            "--retry: \"succeeded\" is not one of dispatch_failed, failed, rejected, cancelled,"
                + " lost");
  }
}
