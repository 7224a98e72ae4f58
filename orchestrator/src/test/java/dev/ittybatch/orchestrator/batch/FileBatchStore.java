package dev.ittybatch.orchestrator.batch;

import dev.ittybatch.common.events.BatchEvent;
import dev.ittybatch.common.events.EventLog;
import dev.ittybatch.common.ledger.BatchRun;
import dev.ittybatch.common.ledger.LedgerEntry;
import dev.ittybatch.common.results.ResultRow;
import dev.ittybatch.common.results.ResultStatus;
import dev.ittybatch.common.results.ResultsStore;
import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.springframework.boot.builder.SpringApplicationBuilder;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A batch store for the orchestrator's own tests: the ledger in an NDJSON file (so a million
 * entries cost no heap), outcomes set by the test. {@code batch_state} joins them the way the SQL
 * does: the ledger's newest generation, and an outcome only when it is for that generation. The SQL
 * itself is tested on the BigQuery stand-in (the local module).
 */
public final class FileBatchStore implements BatchStore, ResultsStore, EventLog {

  private static final JsonMapper JSON = JsonMapper.builder().build();

  private final Path ledger;
  public final List<BatchRun> runs = Collections.synchronizedList(new ArrayList<>());
  public final List<ResultRow> rows = Collections.synchronizedList(new ArrayList<>());

  /** entry id -> outcome of its newest generation, as the results would say. */
  public final Map<String, ResultRow> outcomes = Collections.synchronizedMap(new HashMap<>());

  /** When set, every ledger entry without an outcome reads as having this one. */
  public volatile ResultStatus everyEntry;

  public final AtomicLong ledgerWrites = new AtomicLong();

  /** How many entries each ledger write held, in order. */
  public final List<Integer> chunks = Collections.synchronizedList(new ArrayList<>());

  /** Makes the ledger read as if written this long before it was: "a while ago" in a test. */
  public volatile java.time.Duration ledgerAge = java.time.Duration.ZERO;

  public volatile RuntimeException failLedgerWith;

  /** Run after each ledger write: a test pausing the batch while a run is under way. */
  public volatile Runnable afterLedgerWrite = () -> {};

  /** Batch events appended, in order. */
  public final List<BatchEvent> events = Collections.synchronizedList(new ArrayList<>());

  /** Claims taken, as batch and name. */
  public final java.util.Set<String> claims = java.util.concurrent.ConcurrentHashMap.newKeySet();

  public FileBatchStore(Path ledger) {
    this.ledger = ledger;
  }

  /**
   * Makes this the orchestrator's batch store, results store and event log, in place of BigQuery's.
   */
  public SpringApplicationBuilder installIn(SpringApplicationBuilder application) {
    return application.initializers(c -> c.getBeanFactory().registerSingleton("batchStore", this));
  }

  @Override
  public void record(List<ResultRow> written) {
    rows.addAll(written);
    for (ResultRow row : written) {
      outcomes.put(row.entryId(), row);
    }
  }

  @Override
  public void recordRun(BatchRun run) {
    runs.add(run);
  }

  @Override
  public synchronized void recordEntries(List<LedgerEntry> entries) {
    if (failLedgerWith != null) {
      throw failLedgerWith;
    }
    try (BufferedWriter out =
        Files.newBufferedWriter(
            ledger, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND)) {
      for (LedgerEntry entry : entries) {
        out.write(JSON.writeValueAsString(entry));
        out.write('\n');
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    ledgerWrites.incrementAndGet();
    chunks.add(entries.size());
    afterLedgerWrite.run();
  }

  @Override
  public void append(List<BatchEvent> appended) {
    events.addAll(appended);
  }

  @Override
  public boolean claim(String batchId, String name) {
    return claims.add(batchId + "/" + name);
  }

  /** The ledger as written, in order. */
  public synchronized List<LedgerEntry> ledger() {
    List<LedgerEntry> entries = new ArrayList<>();
    readLedger(node -> entries.add(JSON.treeToValue(node, LedgerEntry.class)));
    return entries;
  }

  @Override
  public void stream(
      String query, Map<String, String> parameters, Consumer<Map<String, Object>> consumer) {
    String batchId = parameters.get("batch_id");
    if (query.equals("batch_manifest")) {
      runs.stream()
          .filter(run -> run.batchId().equals(batchId) && "enqueue".equals(run.mode()))
          .reduce((first, second) -> second)
          .ifPresent(run -> consumer.accept(Map.of("manifest_uri", run.manifestUri())));
      return;
    }
    if (query.equals("batch_life")) {
      life(batchId, consumer);
      return;
    }
    if (!query.equals("batch_state")) {
      throw new IllegalArgumentException("no query " + query + " here");
    }
    if (everyEntry != null && outcomes.isEmpty()) {
      // The benchmark's million entries: one generation each, streamed without a map.
      readLedger(
          node ->
              consumer.accept(
                  Map.of(
                      "entry_id", node.get("entry_id").asString(),
                      "generation", node.get("generation").asInt(),
                      "status", everyEntry.wireName())));
      return;
    }
    // Newest generation per entry: held as a map here, which a test's batch can afford.
    Map<String, JsonNode> newest = new LinkedHashMap<>();
    readLedger(
        node -> {
          if (node.get("batch_id").asString().equals(batchId)) {
            String entry = node.get("entry_id").asString();
            JsonNode known = newest.get(entry);
            if (known == null
                || known.get("generation").asInt() <= node.get("generation").asInt()) {
              newest.put(entry, node);
            }
          }
        });
    for (JsonNode node : newest.values()) {
      String entry = node.get("entry_id").asString();
      int generation = node.get("generation").asInt();
      ResultRow outcome = outcomes.get(entry);
      Map<String, Object> row = new HashMap<>();
      row.put("entry_id", entry);
      row.put("generation", generation);
      row.put("task_name", node.get("task_name").asString());
      row.put("enqueued_at", node.path("enqueued_at").asString(null));
      row.put(
          "ledger_at",
          java.time.Instant.parse(node.get("recorded_at").asString()).minus(ledgerAge).toString());
      if (outcome != null
          && (outcome.generation() == null ? 0 : outcome.generation()) >= generation) {
        row.put("status", outcome.status().wireName());
        row.put("job_id", outcome.jobId());
        row.put("status_at", outcome.receivedAt().toString());
      } else if (everyEntry != null) {
        row.put("status", everyEntry.wireName());
      }
      consumer.accept(row);
    }
  }

  /**
   * {@code batch_life} as the SQL answers it: the first run, then the latest event of each kind, of
   * this batch or of the whole queue.
   */
  private void life(String batchId, Consumer<Map<String, Object>> consumer) {
    java.time.Instant first =
        runs.stream()
            .filter(run -> run.batchId().equals(batchId))
            .map(BatchRun::startedAt)
            .min(java.time.Instant::compareTo)
            .orElse(null);
    Map<String, Object> started = new HashMap<>();
    started.put("kind", "batch_started");
    started.put("whole_queue", false);
    started.put("occurred_at", first);
    consumer.accept(started);
    Map<String, BatchEvent> latest = new LinkedHashMap<>();
    java.time.Instant batchResumed = null;
    java.time.Instant anyResumed = null;
    synchronized (events) {
      for (BatchEvent event : events) {
        if (batchId.equals(event.batchId()) || event.batchId() == null) {
          latest.put(event.kind() + "/" + (event.batchId() == null), event);
          if (event.kind().equals("resumed")) {
            anyResumed = later(anyResumed, event.occurredAt());
            batchResumed =
                event.batchId() == null ? batchResumed : later(batchResumed, event.occurredAt());
          }
        }
      }
    }
    for (BatchEvent event : latest.values()) {
      Map<String, Object> row = new HashMap<>();
      row.put("kind", event.kind());
      row.put("whole_queue", event.batchId() == null);
      row.put("reason", event.reason());
      row.put("detail", event.detail());
      row.put("occurred_at", event.occurredAt());
      java.time.Instant endedBy =
          switch (event.kind()) {
            case "paused", "cancelled" -> batchResumed;
            case "breaker_tripped" -> anyResumed;
            default -> null;
          };
      if (List.of("paused", "cancelled", "breaker_tripped").contains(event.kind())) {
        row.put("in_force", endedBy == null || event.occurredAt().isAfter(endedBy));
      }
      consumer.accept(row);
    }
  }

  private static java.time.Instant later(java.time.Instant a, java.time.Instant b) {
    return a == null || b.isAfter(a) ? b : a;
  }

  private void readLedger(Consumer<JsonNode> each) {
    if (!Files.exists(ledger)) {
      return;
    }
    try (BufferedReader in = Files.newBufferedReader(ledger)) {
      String line;
      while ((line = in.readLine()) != null) {
        each.accept(JSON.readTree(line));
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
