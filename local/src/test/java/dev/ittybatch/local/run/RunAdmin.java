package dev.ittybatch.local.run;

import dev.ittybatch.local.deploy.Command;
import dev.ittybatch.local.deploy.DryRunRecord;
import dev.ittybatch.local.deploy.GcloudLists;
import dev.ittybatch.orchestrator.OrchestratorApplication;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The orchestrator job as Cloud Run runs it: deployed by {@code gcloud run jobs deploy}, executed
 * by {@code gcloud run jobs execute} (each of {@code --tasks} tasks with Cloud Run's task variables
 * and the {@code --args} gcloud's splitting gives), or by a schedule ({@link RehearsedSchedules}).
 * Also the commands deploy.sh runs on the operator's machine ({@code env ... java -jar
 * orchestrator.jar ...}).
 */
final class RunAdmin {

  private final Rehearsal rehearsal;
  private final Map<String, Command> jobs = new LinkedHashMap<>();
  private final AtomicInteger executions = new AtomicInteger();
  private Path manifest;
  private Thread statusWeb;
  private int statusPort;

  RunAdmin(Rehearsal rehearsal) {
    this.rehearsal = rehearsal;
  }

  /** The batch {@code gcloud storage cp} uploads in place of the record's example manifest. */
  void manifest(Path manifest) {
    this.manifest = manifest;
  }

  void upload(Command command) {
    List<String> path = command.positionals();
    String destination = path.get(path.size() - 1);
    if (manifest == null || !destination.startsWith("gs://")) {
      throw new IllegalStateException(command.where() + ": no manifest to upload: " + command);
    }
    String bucket = destination.substring(5, destination.indexOf('/', 5));
    try {
      ManifestStaging.stageInputs(rehearsal.cloud, manifest);
      ManifestStaging.upload(
          rehearsal.cloud, manifest, bucket, destination.substring(6 + bucket.length()));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Puts the batch where a record's executions name a {@code gs://} manifest that no line of the
   * record uploads: {@code deploy.sh run gs://...} takes a manifest the user has put there.
   */
  void alreadyInTheBucket(DryRunRecord record) {
    for (Command execute : record.commands("gcloud", "run", "jobs", "execute")) {
      for (String arg : GcloudLists.split(execute.flag("--args").orElse(""))) {
        if (arg.startsWith("--manifest=gs://")) {
          String uri = arg.substring("--manifest=".length());
          String bucket = uri.substring(5, uri.indexOf('/', 5));
          try {
            ManifestStaging.upload(
                rehearsal.cloud, manifest, bucket, uri.substring(6 + bucket.length()));
          } catch (IOException e) {
            throw new UncheckedIOException(e);
          }
        }
      }
    }
  }

  void deploy(Command command) {
    jobs.put(command.positionals().get(3), command);
  }

  /**
   * {@code gcloud run jobs execute JOB --args=... --tasks=N --wait}: the worst task's exit code.
   */
  int execute(Command command) {
    Command job = deployed(command.where(), command.positionals().get(3));
    List<String> args = GcloudLists.split(command.flag("--args").orElse(""));
    int tasks = Integer.parseInt(command.flag("--tasks").orElse("1"));
    return run(job, command.where(), args, tasks, Map.of());
  }

  Command deployed(String where, String name) {
    Command job = jobs.get(name);
    if (job == null) {
      throw new IllegalStateException(where + ": NOT_FOUND: job " + name + " is not deployed");
    }
    return job;
  }

  /**
   * @param where the line that runs it, for messages
   */
  int run(Command job, String where, List<String> args, int tasks, Map<String, Object> beans) {
    String execution = job.positionals().get(3) + "-r" + executions.incrementAndGet();
    int worst = 0;
    for (int task = 0; task < tasks; task++) {
      Map<String, String> environment = rehearsal.services.environment(job);
      environment.put("CLOUD_SCHEDULER_EMULATOR_HOST", rehearsal.scheduler.baseUrl());
      environment.put("CLOUD_RUN_EXECUTION", execution);
      environment.put("CLOUD_RUN_TASK_INDEX", String.valueOf(task));
      environment.put("CLOUD_RUN_TASK_COUNT", String.valueOf(tasks));
      environment.put("CLOUD_RUN_TASK_ATTEMPT", "0");
      int exit;
      try {
        exit =
            rehearsal.launcher.runJob(
                OrchestratorApplication.class,
                OrchestratorApplication.CONFIG,
                environment,
                beans,
                args.toArray(String[]::new));
      } catch (RuntimeException failed) {
        throw notStarted(where, "task " + task + " of " + execution + " with " + args, failed);
      }
      worst = worst == 0 ? exit : worst;
    }
    return worst;
  }

  /**
   * {@code env NAME=VALUE... java -jar orchestrator.jar ARGS}: the orchestrator on the operator's
   * machine, as the operator, with the variables the line sets ({@code <secret>} is the secret the
   * deployments read under that name). The status page is served until the rehearsal ends, on a
   * free port instead of the record's.
   */
  void onOperatorsMachine(Command command) {
    List<String> words = command.words();
    int java = words.indexOf("java");
    Map<String, String> environment = new LinkedHashMap<>();
    for (String word : words.subList(1, java)) {
      String name = word.substring(0, word.indexOf('='));
      String value = word.substring(word.indexOf('=') + 1);
      environment.put(
          name,
          value.equals("<secret>")
              ? rehearsal.secrets.latest(secretNamed(command, name))
              : rehearsal.services.resolve(command.where(), value));
    }
    environment.putAll(rehearsal.cloud.endpoints(LocalAccounts.OPERATOR));
    environment.put("ITTYBIT_BASE_URL", rehearsal.ittybit.baseUrl());
    List<String> args = new ArrayList<>();
    for (String arg : words.subList(words.indexOf("-jar") + 2, words.size())) {
      args.add(rehearsal.services.resolve(command.where(), arg));
    }
    if (args.stream().anyMatch(arg -> arg.startsWith("--status-web"))) {
      statusPort = freePort();
      args.replaceAll(arg -> arg.startsWith("--status-web") ? "--status-web=" + statusPort : arg);
      // It serves until stopped (Ctrl-C on the operator's machine, an interrupt here), which
      // Spring reports as a failed run: not worth a stack trace.
      environment.put("logging.level.org.springframework.boot.SpringApplication", "OFF");
      statusWeb =
          new Thread(
              () -> {
                try {
                  rehearsal.launcher.runJob(
                      OrchestratorApplication.class,
                      OrchestratorApplication.CONFIG,
                      environment,
                      args.toArray(String[]::new));
                } catch (IllegalStateException stopped) {
                  if (!(stopped.getCause() instanceof InterruptedException)) {
                    throw stopped;
                  }
                }
              },
              "rehearsal-status-web");
      statusWeb.setDaemon(true);
      statusWeb.start();
      return;
    }
    int exit;
    try {
      exit =
          rehearsal.launcher.runJob(
              OrchestratorApplication.class,
              OrchestratorApplication.CONFIG,
              environment,
              args.toArray(String[]::new));
    } catch (RuntimeException failed) {
      throw notStarted(command.where(), "the orchestrator with " + args, failed);
    }
    if (exit != 0) {
      throw new IllegalStateException(command.where() + ": exited " + exit + ": " + command);
    }
  }

  /** A run that stopped before it began, with the reason its innermost cause gives. */
  private static IllegalStateException notStarted(String where, String what, RuntimeException e) {
    Throwable cause = e;
    while (cause.getCause() != null) {
      cause = cause.getCause();
    }
    return new IllegalStateException(
        where + ": " + what + " failed to start: " + cause.getMessage(), e);
  }

  /** The secret a deployment reads into this variable, by its deploy line's --set-secrets. */
  private String secretNamed(Command command, String variable) {
    for (Command deploy : rehearsal.setup.commands()) {
      if (deploy.startsWith("gcloud", "run", "deploy")
          || deploy.startsWith("gcloud", "run", "jobs", "deploy")) {
        String reference =
            GcloudLists.splitDict(deploy.flag("--set-secrets").orElse("")).get(variable);
        if (reference != null) {
          return reference.substring(0, reference.indexOf(':'));
        }
      }
    }
    throw new IllegalStateException(
        command.where() + ": no deployment reads a secret into " + variable);
  }

  /** The status page {@code status --web} serves, once it has started. */
  String statusPage() {
    return "http://127.0.0.1:" + statusPort + "/";
  }

  void stopStatusWeb() {
    if (statusWeb != null) {
      statusWeb.interrupt();
    }
  }

  private static int freePort() {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
