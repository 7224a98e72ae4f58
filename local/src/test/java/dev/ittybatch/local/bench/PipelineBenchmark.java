package dev.ittybatch.local.bench;

import dev.ittybatch.local.cloudtasks.QueueStats;
import dev.ittybatch.local.run.LocalPipeline;
import dev.ittybatch.local.run.RunLocalOptions;
import java.io.BufferedWriter;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * The whole local pipeline, as {@code run-local} runs it (the production configuration against the
 * stand-ins), over ENTRIES generated entries at RATE dispatches per second (as many concurrent),
 * 500 ms of simulated processing and no faults. Prints the dispatch rate achieved against the
 * configured one, the enqueue time and its slowest second while the queue was dispatching, CPU-ms
 * per entry per component (each thread's CPU time, by thread name, the stand-ins of Google's APIs
 * among them; what the process spent beyond its Java threads is GC and the BigQuery stand-in's
 * DuckDB threads), and the time to the last outcome. Exits 1 if any entry is not succeeded, or an
 * outcome conflicts. Run through {@code bench/pipeline.sh [ENTRIES] [RATE]}.
 */
public final class PipelineBenchmark {

  public static void main(String[] args) throws Exception {
    int entries = args.length > 0 ? Integer.parseInt(args[0]) : 5000;
    int rate = args.length > 1 ? Integer.parseInt(args[1]) : 200;
    System.exit(run(entries, rate) ? 0 : 1);
  }

  /** Runs the batch and prints the figures; false when an entry did not end succeeded once. */
  static boolean run(int entries, int rate) throws Exception {
    Path dir = Files.createTempDirectory("pipeline-bench");
    boolean whole = false;
    try {
      whole = runIn(dir, entries, rate);
      return whole;
    } finally {
      if (whole) {
        // A few MB a run (manifest, DuckDB file, log): gone once the run proved nothing lost.
        deleteTree(dir);
      } else {
        System.out.println("kept for a look: " + dir + " (the run's log and DuckDB file in data/)");
      }
    }
  }

  private static void deleteTree(Path dir) throws IOException {
    try (Stream<Path> paths = Files.walk(dir)) {
      for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(path);
      }
    }
  }

  private static boolean runIn(Path dir, int entries, int rate) throws Exception {
    Path manifest = dir.resolve("bench.jsonl");
    writeManifest(manifest, entries);
    RunLocalOptions options =
        new RunLocalOptions(
            new String[] {
              manifest.toString(),
              "--rate=" + rate,
              "--concurrency=" + rate,
              "--processing-ms=500",
              "--front-door=0",
              "--rate-limited=0",
              "--server-errors=0",
              "--rejected=0",
              "--failed=0",
              "--lost-answers=0",
              "--duplicate-webhooks=0",
              "--forged-webhooks=0",
              "--data-dir=" + dir.resolve("data")
            });
    System.out.printf(
        "%,d entries at %d/s (%d concurrent), 500 ms processing, no faults; %d cores%n",
        entries, rate, rate, Runtime.getRuntime().availableProcessors());
    try (LocalPipeline pipeline = new LocalPipeline(options.settings())) {
      // As deploy.sh run does: the manifest in the manifest bucket, its inputs in theirs.
      String uri = pipeline.stage(manifest);
      CpuMeter cpu = new CpuMeter(pipeline.requestThreadPrefixes());
      long mainThread = Thread.currentThread().getId();
      Sampler sampler = new Sampler(pipeline, cpu);
      sampler.start();
      long start = System.nanoTime();
      long mainBefore = cpu.threads.getThreadCpuTime(mainThread);
      int exit = pipeline.enqueue("--manifest=" + uri, "--batch-id=bench");
      long enqueued = System.nanoTime();
      cpu.attributeMain("orchestrator", cpu.threads.getThreadCpuTime(mainThread) - mainBefore);
      sampler.enqueueEnded(enqueued);
      if (exit != 0) {
        throw new IllegalStateException("the orchestrator exited " + exit);
      }
      Map<String, Object> progress = waitForOutcomes(pipeline, entries, start);
      if (progress == null) {
        return false;
      }
      long settled = System.nanoTime();
      sampler.stopSampling();
      cpu.sample();
      QueueStats queue = pipeline.cloudTasks().stats(LocalPipeline.QUEUE_PATH);
      Map<String, Object> integrity = pipeline.results().query("outcome_integrity", "bench").get(0);

      System.out.printf(
          "dispatch: %.1f/s from the first to the last, %.0f%% of the configured %d/s (best"
              + " second %d); %,d attempts for %,d tasks%n",
          queue.meanDispatchRate(),
          100 * queue.meanDispatchRate() / rate,
          rate,
          queue.maxDispatchesInAnySecond(),
          queue.attempts(),
          queue.created());
      long slowest = sampler.slowestEnqueueSecond();
      System.out.printf(
          "enqueue: %,d tasks in %.1f s (%.0f/s); slowest whole second while dispatching: %s%n",
          queue.created(),
          (enqueued - start) / 1e9,
          queue.created() / ((enqueued - start) / 1e9),
          slowest < 0
              ? "none (every task created within a second of the first dispatch)"
              : slowest + " tasks");
      System.out.println("created/dispatched each second: " + sampler.perSecond());
      System.out.printf(
          "last outcome: %.1f s after the start (the queue alone needs %.1f s at %d/s)%n",
          (settled - start) / 1e9, entries / (double) rate, rate);
      System.out.println("CPU-ms per entry, by component:");
      cpu.report(entries);
      System.out.println("CPU-ms per request on its own thread, by route:");
      pipeline
          .requestCpu()
          .costs()
          .forEach(
              (route, cost) ->
                  System.out.printf(
                      "  %-55s %6d requests %8.3f ms each %6.2f ms per entry%n",
                      route,
                      cost.requests(),
                      cost.cpuNanos() / 1e6 / Math.max(1, cost.requests()),
                      cost.cpuNanos() / 1e6 / entries));
      Map<String, Long> ittybit = pipeline.ittybit().counters();
      System.out.printf(
          "ittybit: %d jobs for %d creates, %d job fetches, %d webhook deliveries (%d"
              + " redeliveries)%n",
          ittybit.get("jobs"),
          ittybit.get("creates"),
          ittybit.get("fetches"),
          ittybit.get("webhook_deliveries"),
          ittybit.get("webhook_redeliveries"));
      System.out.printf(
          "outcomes: %s succeeded of %,d; pending %s, dispatched %s, lost %s; conflicts %s%n",
          progress.get("succeeded"),
          entries,
          progress.get("pending"),
          progress.get("dispatched"),
          progress.get("lost"),
          integrity.get("entries_with_conflicting_outcomes"));
      boolean whole =
          number(progress.get("succeeded")) == entries
              && number(progress.get("total")) == entries
              && number(integrity.get("entries_with_conflicting_outcomes")) == 0;
      if (!whole) {
        System.out.println("FAILED: not every entry ended succeeded exactly once");
      }
      return whole;
    }
  }

  private static void writeManifest(Path manifest, int entries) throws Exception {
    String[] kinds = {"video", "audio", "image"};
    try (BufferedWriter out = Files.newBufferedWriter(manifest)) {
      for (int i = 0; i < entries; i++) {
        String kind = kinds[i % kinds.length];
        out.write(
            String.format(
                "{\"path\":\"gs://bench-media/%s/%06d.bin\",\"kind\":\"%s\",\"options\":{%s}}%n",
                kind, i, kind, kind.equals("video") ? "\"format\":\"mp4\"" : ""));
      }
    }
  }

  private static Map<String, Object> waitForOutcomes(
      LocalPipeline pipeline, int entries, long start) throws InterruptedException {
    long deadline = start + 600_000_000_000L;
    while (true) {
      Map<String, Object> progress = pipeline.results().progress("bench");
      long done = number(progress.get("done"));
      if (done >= entries && number(progress.get("total")) >= entries) {
        return progress;
      }
      if (System.nanoTime() > deadline) {
        System.out.println("FAILED: no outcome for every entry within 10 minutes: " + progress);
        return null;
      }
      // As often as run-local's progress line asks.
      Thread.sleep(LocalPipeline.PROGRESS_EVERY.toMillis());
    }
  }

  static long number(Object value) {
    return value == null ? 0 : ((Number) value).longValue();
  }

  /** Each Java thread's CPU time since it was first seen, summed by component. */
  static final class CpuMeter {

    final ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    private final com.sun.management.OperatingSystemMXBean process =
        (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
    private final Map<String, String> services;
    private final long processStart;
    private final Map<Long, Long> baseline = new HashMap<>();
    private final Map<Long, Long> latest = new HashMap<>();
    private final Map<Long, String> components = new HashMap<>();
    private final Map<Long, String> names = new HashMap<>();
    private final Map<String, Long> extra = new TreeMap<>();
    private final long mainThread = Thread.currentThread().getId();

    private final Map<String, Long> jvmStart;

    CpuMeter(Map<String, String> services) {
      this.services = services;
      this.processStart = process.getProcessCpuTime();
      this.jvmStart = jvmThreads();
      for (long id : threads.getAllThreadIds()) {
        baseline.put(id, Math.max(0, threads.getThreadCpuTime(id)));
      }
    }

    /**
     * Reads each thread's CPU time, and the names of threads not seen before. Names come without
     * stack traces: a full thread dump every 250 ms stops ~900 threads at a safepoint and would
     * show up in the figures as the VM thread's work.
     */
    synchronized void sample() {
      List<Long> unnamed = new ArrayList<>();
      for (long id : threads.getAllThreadIds()) {
        long time = threads.getThreadCpuTime(id);
        if (time < 0 || id == mainThread) {
          continue;
        }
        baseline.putIfAbsent(id, 0L);
        latest.put(id, time);
        if (!components.containsKey(id)) {
          unnamed.add(id);
        }
      }
      if (unnamed.isEmpty()) {
        return;
      }
      for (ThreadInfo info :
          threads.getThreadInfo(unnamed.stream().mapToLong(Long::longValue).toArray(), 0)) {
        if (info != null) {
          components.put(info.getThreadId(), component(info.getThreadName()));
          names.put(info.getThreadId(), info.getThreadName().replaceAll("[0-9]+", "N"));
        }
      }
    }

    synchronized void attributeMain(String component, long nanos) {
      extra.merge(component, nanos, Long::sum);
    }

    /**
     * Thread name prefixes and their component, first match wins. Each stand-in names its threads,
     * the JDK HTTP servers' accepting threads included (LoopbackServers); the status page's is idle
     * here, nothing loads it.
     */
    private static final List<Map.Entry<String, String>> COMPONENTS =
        List.of(
            Map.entry("bigquery-writer-webhook-handler", "webhook-handler: BigQuery writes"),
            Map.entry("bigquery-writer-task-handler", "task-handler: BigQuery writes"),
            Map.entry("bigquery-writer-orchestrator", "orchestrator"),
            Map.entry("bigquery-stand-in-http", "BigQuery stand-in: requests"),
            Map.entry("bigquery-stand-in-job", "BigQuery stand-in: query and load jobs"),
            Map.entry("bigquery-stand-in-writer", "BigQuery stand-in: DuckDB appends"),
            Map.entry("bigquery-stand-in", "BigQuery stand-in: connections"),
            Map.entry("storage-stand-in", "Cloud Storage stand-in"),
            Map.entry("iam-credentials-stand-in", "IAM Credentials stand-in"),
            Map.entry("cloudtasks", "cloud tasks emulator"),
            Map.entry("grpc-", "gRPC transport (Cloud Tasks, IAM Credentials)"),
            Map.entry("ittybit-", "ittybit simulator"),
            Map.entry("create-task", "orchestrator"),
            Map.entry("HttpClient-", "JDK HTTP clients (preflight, reads)"),
            Map.entry("task-", "webhook-handler"),
            Map.entry("status-", "status page"));

    private String component(String name) {
      for (Map.Entry<String, String> service : services.entrySet()) {
        if (name.startsWith(service.getKey())) {
          return service.getValue();
        }
      }
      for (Map.Entry<String, String> prefix : COMPONENTS) {
        if (name.startsWith(prefix.getKey())) {
          return prefix.getValue();
        }
      }
      return "other Java threads (JIT, pools)";
    }

    synchronized void report(int entries) {
      Map<String, Long> totals = new TreeMap<>(extra);
      Map<String, Long> others = new TreeMap<>();
      long java = extra.values().stream().mapToLong(Long::longValue).sum();
      for (Map.Entry<Long, Long> thread : latest.entrySet()) {
        long spent = thread.getValue() - baseline.getOrDefault(thread.getKey(), 0L);
        String component =
            components.getOrDefault(thread.getKey(), "other Java threads (JIT, pools)");
        totals.merge(component, spent, Long::sum);
        if (component.startsWith("other")) {
          others.merge(names.getOrDefault(thread.getKey(), "(ended unnamed)"), spent, Long::sum);
        }
        java += spent;
      }
      long all = process.getProcessCpuTime() - processStart;
      long jvm = 0;
      for (Map.Entry<String, Long> group : jvmThreads().entrySet()) {
        long spent = group.getValue() - jvmStart.getOrDefault(group.getKey(), 0L);
        totals.put(group.getKey(), spent);
        jvm += spent;
      }
      totals.put(
          "DuckDB's own threads (BigQuery stand-in), the rest", Math.max(0, all - java - jvm));
      List<Map.Entry<String, Long>> sorted = new ArrayList<>(totals.entrySet());
      sorted.sort(Map.Entry.<String, Long>comparingByValue().reversed());
      for (Map.Entry<String, Long> component : sorted) {
        System.out.printf(
            "  %-45s %7.2f%n", component.getKey(), component.getValue() / 1e6 / entries);
      }
      System.out.printf("  %-45s %7.2f%n", "total (process)", all / 1e6 / entries);
      List<Map.Entry<String, Long>> other = new ArrayList<>(others.entrySet());
      other.sort(Map.Entry.<String, Long>comparingByValue().reversed());
      System.out.print("  other Java threads, most first:");
      other.stream()
          .limit(6)
          .forEach(
              thread ->
                  System.out.printf(
                      " %s %.2f;", thread.getKey(), thread.getValue() / 1e6 / entries));
      System.out.println();
    }
  }

  /**
   * The JVM's own threads, which no Java API lists: garbage collection and the JIT compilers, by
   * their Linux names, from /proc (empty elsewhere). In nanoseconds, at the kernel's tick.
   */
  static Map<String, Long> jvmThreads() {
    Map<String, Long> groups = new TreeMap<>();
    Path tasks = Path.of("/proc/self/task");
    if (!Files.isDirectory(tasks)) {
      return groups;
    }
    try (var list = Files.list(tasks)) {
      for (Path task : (Iterable<Path>) list::iterator) {
        try {
          String name = Files.readString(task.resolve("comm")).strip();
          String group =
              System.getenv("BENCH_ALL_THREADS") != null
                  ? "linux thread " + name.replaceAll("[0-9]+", "N")
                  : name.startsWith("GC Thread") || name.startsWith("G1 ")
                      ? "JVM: garbage collection"
                      : name.startsWith("C1 Compiler") || name.startsWith("C2 Compiler")
                          ? "JVM: JIT compilers"
                          : name.equals("VM Thread") ? "JVM: VM thread" : null;
          if (group == null) {
            continue;
          }
          String stat = Files.readString(task.resolve("stat"));
          String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
          // utime and stime: fields 14 and 15 of stat, 12 and 13 after the name.
          long ticks = Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
          groups.merge(group, ticks * 10_000_000L, Long::sum);
        } catch (IOException | RuntimeException gone) {
          // The thread ended while being read.
        }
      }
    } catch (IOException e) {
      return groups;
    }
    return groups;
  }

  /** Samples CPU and the queue's task count until stopped; keeps the per-second enqueue counts. */
  static final class Sampler extends Thread {

    private final LocalPipeline pipeline;
    private final CpuMeter cpu;
    private final List<long[]> created = new ArrayList<>();
    private volatile boolean running = true;
    private volatile long enqueueEnded = Long.MAX_VALUE;

    Sampler(LocalPipeline pipeline, CpuMeter cpu) {
      super("bench-sampler");
      setDaemon(true);
      this.pipeline = pipeline;
      this.cpu = cpu;
    }

    @Override
    public void run() {
      while (running) {
        QueueStats queue = pipeline.cloudTasks().stats(LocalPipeline.QUEUE_PATH);
        synchronized (created) {
          created.add(new long[] {System.nanoTime(), queue.created(), queue.attempts()});
        }
        cpu.sample();
        try {
          Thread.sleep(250);
        } catch (InterruptedException e) {
          return;
        }
      }
    }

    void enqueueEnded(long at) {
      enqueueEnded = at;
    }

    /**
     * The fewest tasks created in any whole second that began after the first dispatch and ended
     * before the last task was created (the orchestrator then still records its run and stops for a
     * second or two, creating nothing); -1 when that is within a second of the first dispatch.
     */
    long slowestEnqueueSecond() {
      List<long[]> samples;
      synchronized (created) {
        samples = new ArrayList<>(created);
      }
      long enqueueEnded = this.enqueueEnded;
      long total = samples.isEmpty() ? 0 : samples.get(samples.size() - 1)[1];
      for (long[] sample : samples) {
        if (sample[1] >= total) {
          enqueueEnded = Math.min(enqueueEnded, sample[0]);
          break;
        }
      }
      long slowest = -1;
      for (int i = 0; i < samples.size(); i++) {
        long[] from = samples.get(i);
        if (from[2] == 0) {
          continue;
        }
        for (int j = i + 1; j < samples.size(); j++) {
          long[] to = samples.get(j);
          if (to[0] > enqueueEnded) {
            break;
          }
          if (to[0] - from[0] >= 1_000_000_000L) {
            long count = to[1] - from[1];
            slowest = slowest < 0 ? count : Math.min(slowest, count);
            break;
          }
        }
      }
      return slowest;
    }

    /** Tasks created and attempts made in each whole second from the start, in order. */
    String perSecond() {
      List<long[]> samples;
      synchronized (created) {
        samples = new ArrayList<>(created);
      }
      if (samples.isEmpty()) {
        return "";
      }
      StringBuilder line = new StringBuilder();
      long[] from = samples.get(0);
      for (long[] to : samples) {
        if (to[0] - from[0] >= 1_000_000_000L) {
          line.append(to[1] - from[1]).append('/').append(to[2] - from[2]).append(' ');
          from = to;
        }
      }
      return line.toString().strip();
    }

    void stopSampling() {
      running = false;
      interrupt();
    }
  }
}
