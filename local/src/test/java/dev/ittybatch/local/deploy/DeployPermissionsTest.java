package dev.ittybatch.local.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ittybatch.local.iam.Call;
import dev.ittybatch.local.iam.GrantPolicy;
import dev.ittybatch.local.iam.MethodTable;
import dev.ittybatch.local.iam.Resources;
import dev.ittybatch.local.iam.RoleTable;
import dev.ittybatch.local.iam.SetupGrants;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The grants of the setup record against the calls each account makes (deploy/iam/methods.tsv):
 * every call allowed, every grant used, and the refusals the old grants would have met.
 */
class DeployPermissionsTest {

  static final Map<String, String> SETTINGS = DeployScript.settings();
  static final String PROJECT = SETTINGS.get("PROJECT");
  static final String DATASET = SETTINGS.get("DATASET");
  static final RoleTable ROLES = RoleTable.read(DeployScript.ROOT.resolve("deploy/iam/roles.tsv"));
  static final MethodTable METHODS =
      MethodTable.read(DeployScript.ROOT.resolve("deploy/iam/methods.tsv")).forDeployment(SETTINGS);

  static GrantPolicy policy(DryRunRecord setup) {
    return GrantPolicy.of(SetupGrants.of(setup), ROLES);
  }

  static final GrantPolicy NOW = policy(DeployScript.record("setup"));
  static final GrantPolicy OLD =
      policy(DryRunRecord.read(Path.of("src/test/resources/iam/setup-with-the-old-grants.txt")));

  static String account(String name) {
    return "ittybatch-" + name + "@" + PROJECT + ".iam.gserviceaccount.com";
  }

  static String job() {
    return Resources.runJob(PROJECT, SETTINGS.get("REGION"), "orchestrator");
  }

  @Test
  void everyCallEachAccountMakesIsAllowedByTheSetupRecord() {
    List<Call> calls = METHODS.rows().stream().map(row -> row.call(NOW)).toList();

    assertThat(calls)
        .filteredOn(call -> !call.allowed())
        .as("calls the setup's grants refuse (a 403 in production)")
        .isEmpty();
  }

  @Test
  void everyGrantTheSetupMakesIsUsedByACallSomeoneMakes() {
    List<Call> calls = METHODS.rows().stream().map(row -> row.call(NOW)).toList();

    assertThat(NOW.unused(calls)).as("grants no call uses").isEmpty();
  }

  @Test
  void schedulerMayRunTheJobWithTheArgumentsOfAReconcilePass() {
    String scheduler = account("scheduler");

    assertThat(NOW.allows(scheduler, "run.jobs.runWithOverrides", job())).isTrue();
    assertThat(OLD.allows(scheduler, "run.jobs.run", job())).isTrue();
    assertThat(OLD.allows(scheduler, "run.jobs.runWithOverrides", job()))
        .as("run.invoker executes the job only as deployed")
        .isFalse();
  }

  @Test
  void handlersMayAppendResultsAndNothingElseInTheDataset() {
    String results = Resources.table(PROJECT, DATASET, "task_results");
    for (String handler : List.of(account("task-handler"), account("webhook"))) {
      assertThat(NOW.allows(handler, "bigquery.tables.updateData", results)).isTrue();
      assertThat(
              NOW.allows(
                  handler,
                  "bigquery.tables.updateData",
                  Resources.table(PROJECT, DATASET, "batch_events")))
          .as("%s records its batch events", handler)
          .isTrue();
      assertThat(NOW.allows(handler, "bigquery.datasets.get", Resources.dataset(PROJECT, DATASET)))
          .isTrue();
      for (String table : List.of("task_results", "batch_entries", "batch_runs", "batch_events")) {
        String resource = Resources.table(PROJECT, DATASET, table);
        for (String permission : List.of("bigquery.tables.delete", "bigquery.tables.update")) {
          assertThat(NOW.allows(handler, permission, resource))
              .as("%s %s on %s", handler, permission, table)
              .isFalse();
        }
        // Only the webhook-handler reads, and only task_results: it finds the job of a delivery
        // that names just our entry through that entry's dispatched row.
        boolean reads = handler.equals(account("webhook")) && table.equals("task_results");
        assertThat(NOW.allows(handler, "bigquery.tables.getData", resource))
            .as("%s reads %s", handler, table)
            .isEqualTo(reads);
        assertThat(OLD.allows(handler, "bigquery.tables.delete", resource))
            .as("the old dataset-wide dataEditor let %s delete %s", handler, table)
            .isTrue();
      }
      for (String ledger : List.of("batch_entries", "batch_runs")) {
        assertThat(
                NOW.allows(
                    handler,
                    "bigquery.tables.updateData",
                    Resources.table(PROJECT, DATASET, ledger)))
            .isFalse();
      }
    }
  }

  @Test
  void theJobMayWriteItsLedgerWhereItIsDeployedToAndReadNoOtherBucket() {
    Map<String, String> env =
        GcloudLists.splitDict(
            DeployScript.record("setup")
                .command("gcloud", "run", "jobs", "deploy", "orchestrator")
                .requiredFlag("--set-env-vars"));
    String ledger = env.get("LEDGER_LOCATION");
    String bucket = SETTINGS.get("MANIFEST_BUCKET");

    assertThat(ledger).startsWith("gs://" + bucket + "/");
    String file = Resources.object(bucket, ledger.substring(6 + bucket.length()) + "lib/x.ndjson");
    assertThat(NOW.allows(account("orchestrator"), "storage.objects.create", file)).isTrue();
    assertThat(NOW.allows(account("orchestrator"), "storage.objects.get", file)).isTrue();
    assertThat(
            NOW.allows(
                account("orchestrator"),
                "storage.objects.get",
                Resources.object("another-bucket", "m/library.jsonl")))
        .isFalse();
  }

  @Test
  void everySecretADeploymentNamesIsReadableByItsAccount() {
    List<Command> deploys =
        DeployScript.record("setup").commands().stream()
            .filter(
                c ->
                    c.startsWith("gcloud", "run", "deploy")
                        || c.startsWith("gcloud", "run", "jobs", "deploy"))
            .toList();

    assertThat(deploys).hasSize(3);
    for (Command deploy : deploys) {
      String account = deploy.requiredFlag("--service-account");
      for (String reference :
          GcloudLists.splitDict(deploy.requiredFlag("--set-secrets")).values()) {
        String secret = Resources.secret(PROJECT, reference.substring(0, reference.indexOf(':')));
        assertThat(NOW.allows(account, "secretmanager.versions.access", secret))
            .as("%s reads %s", deploy.where(), secret)
            .isTrue();
        assertThat(METHODS.rows())
            .as("methods.tsv lists the start-up read of %s by %s", secret, account)
            .anyMatch(
                row ->
                    row.identity().equals(account)
                        && row.resource().equals(secret)
                        && row.permission().equals("secretmanager.versions.access"));
      }
    }
  }
}
