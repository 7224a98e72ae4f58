package dev.ittybatch.local.iam;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ittybatch.local.deploy.DryRunRecord;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class SetupGrantsTest {

  static SetupGrants of(String... lines) {
    return SetupGrants.of(DryRunRecord.parse("setup.txt", String.join("\n", lines) + "\n"));
  }

  @Test
  void readsEveryKindOfGrantTheSetupMakes() {
    SetupGrants setup =
        of(
            "+ gcloud secrets add-iam-policy-binding s --project=p --member=serviceAccount:a@p --role=roles/r1",
            "+ gcloud storage buckets add-iam-policy-binding gs://b --project=p --member=serviceAccount:a@p --role=roles/r2",
            "+ gcloud tasks queues add-iam-policy-binding q --project=p --location=l --member=serviceAccount:a@p --role=roles/r3",
            "+ gcloud iam service-accounts add-iam-policy-binding i@p --project=p --member=serviceAccount:a@p --role=roles/r4",
            "+ gcloud run services add-iam-policy-binding svc --project=p --region=l --member=serviceAccount:a@p --role=roles/r5",
            "+ gcloud run jobs add-iam-policy-binding job --project=p --region=l --member=serviceAccount:a@p --role=roles/r6",
            "+ gcloud projects add-iam-policy-binding p --member=serviceAccount:a@p --role=roles/r7 --condition=None",
            "+ bq --project_id=p --location=EU add-iam-policy-binding --member=serviceAccount:a@p --role=projects/p/roles/c p:d.t",
            "+ bq query --project_id=p --use_legacy_sql=false GRANT\\ \\`roles/r8\\`\\ ON\\ SCHEMA\\ \\`p.d\\`\\ TO\\ \\\"serviceAccount:a@p\\\"\\,\\\"serviceAccount:b@p\\\"",
            "+ gcloud run deploy pub --project=p --region=l --image=i --allow-unauthenticated",
            "+ gcloud run deploy priv --project=p --region=l --image=i --no-allow-unauthenticated");

    assertThat(setup.grants())
        .extracting(g -> g.member() + " " + g.role() + " " + g.resource())
        .containsExactly(
            "serviceAccount:a@p roles/r1 projects/p/secrets/s",
            "serviceAccount:a@p roles/r2 projects/_/buckets/b",
            "serviceAccount:a@p roles/r3 projects/p/locations/l/queues/q",
            "serviceAccount:a@p roles/r4 projects/p/serviceAccounts/i@p",
            "serviceAccount:a@p roles/r5 projects/p/locations/l/services/svc",
            "serviceAccount:a@p roles/r6 projects/p/locations/l/jobs/job",
            "serviceAccount:a@p roles/r7 projects/p",
            "serviceAccount:a@p projects/p/roles/c projects/p/datasets/d/tables/t",
            "serviceAccount:a@p roles/r8 projects/p/datasets/d",
            "serviceAccount:b@p roles/r8 projects/p/datasets/d",
            "allUsers roles/run.invoker projects/p/locations/l/services/pub");
    assertThat(setup.grants().get(0).where()).isEqualTo("setup.txt:1");
  }

  @Test
  void readsCustomRolesFromTheirCreateAndUpdateCommands() {
    SetupGrants setup =
        of(
            "+ gcloud iam roles describe c --project=p >/dev/null 2>&1 || gcloud iam roles create c --project=p --permissions=x.y.get\\,x.y.set --stage=GA",
            "+ gcloud iam roles update c --project=p --permissions=x.y.get\\,x.y.set --quiet");

    assertThat(setup.customRoles())
        .isEqualTo(Map.of("projects/p/roles/c", Set.of("x.y.get", "x.y.set")));
  }

  @Test
  void aGrantItCannotModelIsAnErrorNotASilentGap() {
    assertThatThrownBy(
            () ->
                of(
                    "+ gcloud compute instances add-iam-policy-binding vm --project=p --member=user:u --role=roles/r"))
        .hasMessageStartingWith("setup.txt:1: ")
        .hasMessageContaining("gcloud compute instances");
    assertThatThrownBy(
            () ->
                of(
                    "+ gcloud projects add-iam-policy-binding p --member=user:u --role=roles/r --condition=expression=x"))
        .hasMessageContaining("conditional");
  }

  @Test
  void aPolicyCoversWhatAGrantContainsAndOnlyForItsMember() {
    SetupGrants setup =
        of(
            "+ gcloud storage buckets add-iam-policy-binding gs://b --project=p --member=serviceAccount:a@p --role=roles/storage.objectViewer",
            "+ gcloud run deploy pub --project=p --region=l --image=i --allow-unauthenticated");
    RoleTable roles = RoleTable.read(java.nio.file.Path.of("..", "deploy", "iam", "roles.tsv"));
    GrantPolicy policy = GrantPolicy.of(setup, roles);

    assertThat(policy.allows("a@p", "storage.objects.get", Resources.object("b", "x/y"))).isTrue();
    assertThat(policy.allows("b@p", "storage.objects.get", Resources.object("b", "x/y"))).isFalse();
    assertThat(policy.allows("a@p", "storage.objects.create", Resources.object("b", "x")))
        .isFalse();
    assertThat(policy.allows("a@p", "storage.objects.get", Resources.object("c", "x"))).isFalse();
    String pub = Resources.runService("p", "l", "pub");
    assertThat(policy.allows(Identities.ANONYMOUS, "run.routes.invoke", pub)).isTrue();

    List<Call> calls =
        List.of(
            new Call(
                "a@p",
                "storage.objects.get",
                "storage.objects.get",
                Resources.object("b", "x"),
                true));
    assertThat(policy.unused(calls))
        .singleElement()
        .satisfies(grant -> assertThat(grant.member()).isEqualTo("allUsers"));
  }

  @Test
  void aGrantedRoleNeitherTabledNorDefinedIsAnError() {
    SetupGrants setup =
        of("+ gcloud projects add-iam-policy-binding p --member=user:u --role=roles/unheard.of");

    assertThatThrownBy(
            () ->
                GrantPolicy.of(
                    setup,
                    RoleTable.read(java.nio.file.Path.of("..", "deploy", "iam", "roles.tsv"))))
        .hasMessageContaining("roles/unheard.of is granted but is neither in the roles table");
  }
}
