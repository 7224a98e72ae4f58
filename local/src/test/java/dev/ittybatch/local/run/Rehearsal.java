package dev.ittybatch.local.run;

import dev.ittybatch.local.deploy.DryRunRecord;
import dev.ittybatch.local.deploy.EnvFile;
import dev.ittybatch.local.iam.AccessPolicy;
import dev.ittybatch.local.iam.Call;
import dev.ittybatch.local.iam.CallLog;
import dev.ittybatch.local.iam.Grant;
import dev.ittybatch.local.iam.GrantPolicy;
import dev.ittybatch.local.iam.RoleTable;
import dev.ittybatch.local.iam.SetupGrants;
import dev.ittybatch.local.ittybit.Dialect;
import dev.ittybatch.local.ittybit.Faults;
import dev.ittybatch.local.ittybit.IttybitSimulator;
import dev.ittybatch.local.notify.NoticeReceiver;
import dev.ittybatch.local.scheduler.CloudSchedulerStandIn;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The deploy played on the stand-ins from its dry-run records, read as they are: the setup record
 * makes the project (APIs, accounts, secrets, queue, dataset, tables, the services and the job) and
 * its grants are the only policy the stand-ins answer by; the run, retry, reconcile and status
 * records then do what they say. Each component runs as the service account its deploy line names,
 * with exactly the variables and secrets that line sets, plus only the stand-ins' endpoints and
 * {@code EMULATOR_IDENTITY}. Whoever runs {@code deploy.sh} (the operator, a project owner) may do
 * anything; every other call is checked and recorded.
 */
final class Rehearsal implements AutoCloseable {

  static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
  static final Path RECORDS = Path.of("src", "test", "resources", "deploy-dry-run");

  /** Ittybit's answers and the queue's waits run this much faster than real time. */
  static final double TIME_SCALE = 50;

  final Map<String, String> settings;
  final DryRunRecord setup;
  final GrantPolicy grants;
  final CallLog calls;
  final Set<String> enabledApis = new LinkedHashSet<>();
  final LocalCloud cloud;
  final IttybitSimulator ittybit;
  final NoticeReceiver notices;
  final CloudSchedulerStandIn scheduler;
  final RehearsedSecrets secrets;
  final ServiceLauncher launcher;
  final RehearsedServices services;
  final RunAdmin runAdmin;
  final RehearsedSchedules schedules;
  final RehearsedBigQuery bigQuery;
  final RehearsedCommands commands;
  private final List<AutoCloseable> started = new ArrayList<>();

  static DryRunRecord record(String step) {
    return DryRunRecord.read(RECORDS.resolve(step + ".txt"));
  }

  /**
   * Plays the setup record.
   *
   * @param setup the setup record (the reviewed one, or a changed copy)
   * @param faults how unkind Ittybit is
   */
  Rehearsal(Path dataDir, DryRunRecord setup, Faults faults) throws IOException {
    this.settings = EnvFile.read(ROOT.resolve("deploy/ittybatch.env.example"));
    this.setup = setup;
    this.grants =
        GrantPolicy.of(SetupGrants.of(setup), RoleTable.read(ROOT.resolve("deploy/iam/roles.tsv")));
    AccessPolicy policy =
        (identity, permission, resource) ->
            identity.equals(LocalAccounts.OPERATOR)
                || grants.allows(identity, permission, resource);
    this.calls = new CallLog(policy);
    Files.createDirectories(dataDir);
    this.launcher = new ServiceLauncher(dataDir.resolve("rehearsal.log").toAbsolutePath());
    PipelineSettings pipeline =
        new PipelineSettings(
            dataDir,
            0,
            0,
            0,
            Duration.ZERO,
            Duration.ZERO,
            TIME_SCALE,
            Duration.ofMillis(200),
            0,
            Duration.ofHours(1),
            faults,
            null,
            false,
            0,
            Dialect.documented());
    try {
      String project = settings.get("PROJECT");
      cloud =
          new LocalCloud(
              pipeline,
              dataDir.resolve("rehearsal.duckdb").toAbsolutePath(),
              new LocalCloud.Project(
                  project,
                  settings.get("BQ_LOCATION"),
                  RehearsedCommands.accounts(setup, project),
                  RehearsedCommands.signer(setup)),
              calls);
      started.add(cloud);
      cloud.cloudTasks.checkCalls(calls, null);
      String apiKey = "itty_rehearsal_" + LocalSecrets.secret();
      ittybit = LocalStandIns.ittybit(pipeline, apiKey, LocalSecrets.secret(), "rehearsal");
      started.add(ittybit);
      notices = new NoticeReceiver(null);
      started.add(notices);
      scheduler = new CloudSchedulerStandIn(calls, null);
      started.add(scheduler);
      secrets =
          new RehearsedSecrets(
              project,
              calls,
              Map.of(
                  LocalSecrets.ITTYBIT_API_KEY,
                  apiKey,
                  LocalSecrets.WEBHOOK_TOKEN,
                  LocalSecrets.secret(),
                  "notify-url",
                  notices.url()));
      services = new RehearsedServices(this);
      started.add(services);
      runAdmin = new RunAdmin(this);
      schedules = new RehearsedSchedules(this);
      bigQuery = new RehearsedBigQuery(this);
      commands = new RehearsedCommands(this);
      // What a user must have before setup: the two buckets, the manifest bucket in the dataset's
      // location (BigQuery loads the ledger from it).
      cloud.storage.createBucket(settings.get("MANIFEST_BUCKET"), settings.get("BQ_LOCATION"));
      cloud.storage.createBucket(settings.get("MEDIA_BUCKET"), settings.get("BQ_LOCATION"));
      commands.play(setup);
    } catch (IOException | RuntimeException e) {
      close();
      throw e;
    }
  }

  /** Plays a record's commands in order; the exit codes of the job executions it made. */
  List<Integer> play(String step) {
    return commands.play(record(step));
  }

  /** The calls of the deployed components and of Google on their behalf: not the operator's. */
  List<Call> deployedCalls() {
    return calls.calls().stream()
        .filter(call -> !call.identity().equals(LocalAccounts.OPERATOR))
        .toList();
  }

  /** Every grant of the setup record that no call of the rehearsal used. */
  List<Grant> unusedGrants() {
    return grants.unused(deployedCalls());
  }

  @Override
  public void close() {
    if (runAdmin != null) {
      runAdmin.stopStatusWeb();
    }
    for (int i = started.size() - 1; i >= 0; i--) {
      try {
        started.get(i).close();
      } catch (Exception e) {
        System.err.println("while stopping: " + e.getMessage());
      }
    }
    started.clear();
  }
}
