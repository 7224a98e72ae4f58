package dev.ittybatch.local.run;

import dev.ittybatch.local.notify.NoticeReceiver;
import java.io.IOException;
import java.io.PrintStream;
import java.time.Duration;
import java.time.LocalTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A local run's batch as a whole: where its notices go ({@code --notify-url}, or a receiver here
 * that prints each as it would have been posted), and the pause and resume ({@code --pause-after})
 * or cancel ({@code --cancel-after}) a run shows once so many entries have an outcome, each done by
 * the orchestrator as {@code deploy.sh} has it done. Keeps the states the batch went through.
 */
final class LocalLife implements AutoCloseable {

  /** How long a paused batch stays paused before the run resumes it. */
  static final Duration PAUSED_FOR = Duration.ofSeconds(3);

  private static final DateTimeFormatter CLOCK = DateTimeFormatter.ofPattern("HH:mm:ss");

  private final String batchId;
  private final Integer pauseAfter;
  private final Integer cancelAfter;
  private final NoticeReceiver receiver;
  private final String notifyUrl;
  private final List<String> states = new CopyOnWriteArrayList<>();
  private Thread acting;

  private LocalLife(
      String batchId, Integer pauseAfter, Integer cancelAfter, String notifyUrl, PrintStream out)
      throws IOException {
    this.batchId = batchId;
    this.pauseAfter = pauseAfter;
    this.cancelAfter = cancelAfter;
    this.receiver = notifyUrl == null ? new NoticeReceiver(out) : null;
    this.notifyUrl = notifyUrl == null ? receiver.url() : notifyUrl;
  }

  static LocalLife start(RunLocalOptions options, String batchId, PrintStream out)
      throws IOException {
    return new LocalLife(
        batchId,
        options.lifeAfter("pause-after"),
        options.lifeAfter("cancel-after"),
        options.notifyUrl(),
        out);
  }

  /** The orchestrator's variables for a reconciliation pass: where its notices go. */
  Map<String, String> passEnvironment() {
    return Map.of("NOTIFY_URL", notifyUrl);
  }

  /** The batch is enqueued: from now on, pause or cancel it when its outcomes reach the mark. */
  void enqueued(LocalPipeline pipeline) {
    states.add("enqueued " + now());
    if (pauseAfter == null && cancelAfter == null) {
      return;
    }
    acting = new Thread(() -> act(pipeline), "run-local-life");
    acting.setDaemon(true);
    acting.start();
  }

  private void act(LocalPipeline pipeline) {
    try {
      boolean paused = pauseAfter == null;
      boolean cancelled = cancelAfter == null;
      while (!paused || !cancelled) {
        Map<String, Object> progress = pipeline.results().progress(batchId);
        long done = BatchWatch.number(progress, "done");
        if (BatchWatch.number(progress, "pending") + BatchWatch.number(progress, "dispatched") == 0
            && done > 0) {
          return;
        }
        if (!paused && done >= pauseAfter) {
          paused = true;
          change(pipeline, "--pause", "paused", done);
          Thread.sleep(PAUSED_FOR.toMillis());
          change(
              pipeline,
              "--resume",
              "resumed",
              BatchWatch.number(pipeline.results().progress(batchId), "done"));
        }
        if (!cancelled && done >= cancelAfter) {
          cancelled = true;
          change(pipeline, "--cancel", "cancelled", done);
        }
        Thread.sleep(LocalPipeline.PROGRESS_EVERY.toMillis() / 2);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private void change(LocalPipeline pipeline, String option, String state, long done) {
    int exit = pipeline.job(passEnvironment(), option, "--batch-id=" + batchId);
    states.add(
        state + " " + now() + " (at " + done + " outcomes)" + (exit == 0 ? "" : ", exit " + exit));
  }

  /** The states the batch went through, and whether its done notice went out. */
  void summarize(Map<String, Object> progress, PrintStream out) {
    boolean done =
        BatchWatch.number(progress, "total") > 0
            && BatchWatch.number(progress, "pending") + BatchWatch.number(progress, "dispatched")
                == 0;
    StringBuilder line = new StringBuilder("Batch life: ").append(String.join(" -> ", states));
    if (done) {
      line.append(" -> done");
    }
    if (receiver != null) {
      long notices =
          receiver.texts().stream().filter(text -> !text.contains(" has not moved ")).count();
      line.append("; done notices taken by the local receiver: ").append(notices);
    } else {
      line.append("; notices go to --notify-url");
    }
    out.println(line);
  }

  private static String now() {
    return LocalTime.now().format(CLOCK);
  }

  @Override
  public void close() {
    if (acting != null) {
      acting.interrupt();
    }
    if (receiver != null) {
      receiver.close();
    }
  }
}
