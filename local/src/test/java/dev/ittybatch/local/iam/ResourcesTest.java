package dev.ittybatch.local.iam;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ResourcesTest {

  @Test
  void aGrantOnADatasetOrProjectCoversItsTables() {
    assertThat(Resources.parents(Resources.table("p", "d", "t")))
        .containsExactly("projects/p/datasets/d/tables/t", "projects/p/datasets/d", "projects/p");
  }

  @Test
  void aTaskIsCoveredByItsQueueAndProjectButNotByALocation() {
    assertThat(Resources.parents(Resources.queue("p", "eu", "q") + "/tasks/t1"))
        .containsExactly(
            "projects/p/locations/eu/queues/q/tasks/t1",
            "projects/p/locations/eu/queues/q",
            "projects/p");
  }

  @Test
  void aSchedulerJobIsCoveredByItsProjectAndIsNeverACloudRunJob() {
    assertThat(Resources.parents(Resources.schedulerJob("p", "eu", "ittybatch-reconcile-lib")))
        .containsExactly(
            "projects/p/locations/eu/schedulerJobs/ittybatch-reconcile-lib", "projects/p");
    assertThat(Resources.schedulerJob("p", "eu", "orchestrator"))
        .isNotEqualTo(Resources.runJob("p", "eu", "orchestrator"));
  }

  @Test
  void anObjectNameWithSlashesIsOneIdInsideItsBucket() {
    assertThat(Resources.parents(Resources.object("media", "v/2026/a.mov")))
        .startsWith("projects/_/buckets/media/objects/v/2026/a.mov", "projects/_/buckets/media");
  }

  @Test
  void aRequestWithoutABearerTokenIsAnonymousAndRefused() {
    assertThat(Identities.fromAuthorization(null)).isEqualTo(Identities.ANONYMOUS);
    assertThat(Identities.fromAuthorization("Basic abc")).isEqualTo(Identities.ANONYMOUS);
    assertThat(Identities.fromAuthorization("Bearer a@p.iam.gserviceaccount.com"))
        .isEqualTo("a@p.iam.gserviceaccount.com");
    CallLog log = CallLog.allowingAll();
    assertThat(log.check(Identities.ANONYMOUS, "m", "p", "projects/x")).isFalse();
    assertThat(log.check("a@p", "m", "p", "projects/x")).isTrue();
    assertThat(log.refused()).hasSize(1);
  }
}
