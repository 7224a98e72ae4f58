package dev.ittybatch.orchestrator.batch;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ittybatch.common.identity.EntryId;
import dev.ittybatch.common.results.ResultStatus;
import java.time.Instant;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** What a run does with each entry, by the batch's state. */
class EntryPlanTest {

  static final Instant ENQUEUED = Instant.parse("2026-11-30T10:00:00Z");
  static final EntryId LOST = new EntryId("0123456789abcdef0123456789abcdef");

  static BatchState pendingAt(int generation) {
    BatchState state = new BatchState();
    state.put(LOST, generation, null, ENQUEUED.getEpochSecond());
    return state;
  }

  @Test
  void aLostEntryWithinTheKeyWindowKeepsItsGenerationAndEnqueueUnderANewName() {
    Instant now = ENQUEUED.plus(EntryPlan.KEY_WINDOW).minusSeconds(60);

    EntryPlan.Planned planned = EntryPlan.redrive(pendingAt(2), Set.of(LOST), now).plan(LOST);

    assertThat(planned.generation()).as("the same key").isEqualTo(2);
    assertThat(planned.enqueuedAt())
        .as("the same signed URL, so the same bytes")
        .hasValue(ENQUEUED);
    assertThat(planned.taskSuffix()).isEqualTo("r" + now.getEpochSecond());
  }

  @Test
  void pastTheKeyWindowALostEntryIsTheNextGeneration() {
    Instant now = ENQUEUED.plus(EntryPlan.KEY_WINDOW);

    EntryPlan.Planned planned = EntryPlan.redrive(pendingAt(2), Set.of(LOST), now).plan(LOST);

    assertThat(planned.generation()).isEqualTo(3);
    assertThat(planned.enqueuedAt()).isEmpty();
    assertThat(planned.taskSuffix()).isNull();
  }

  @Test
  void aRetryOnPurposeIsAlwaysTheNextGeneration() {
    BatchState state = new BatchState();
    state.put(LOST, 0, ResultStatus.FAILED, ENQUEUED.getEpochSecond());

    EntryPlan.Planned planned = EntryPlan.retry(state, Set.of(ResultStatus.FAILED)).plan(LOST);

    assertThat(planned.generation()).isEqualTo(1);
    assertThat(planned.taskSuffix()).isNull();
    assertThat(EntryPlan.firstOrRepeatRun(pendingAt(0)).plan(LOST).enqueuedAt())
        .as("a plain re-run keeps a pending entry's instant too")
        .isEqualTo(Optional.of(ENQUEUED));
  }

  @Test
  void aResumeSendsPendingEntriesUnderTheirOwnKeyNewOnesAsNewAndSkipsTheSettled() {
    EntryId settled = new EntryId("fedcba9876543210fedcba9876543210");
    EntryId unseen = new EntryId("00000000000000000000000000000001");
    BatchState state = pendingAt(1);
    state.put(settled, 0, ResultStatus.SUCCEEDED, ENQUEUED.getEpochSecond());
    Instant now = ENQUEUED.plusSeconds(600);
    EntryPlan plan = EntryPlan.resume(state, now);

    EntryPlan.Planned pending = plan.plan(LOST);
    assertThat(pending.generation()).as("the same key").isEqualTo(1);
    assertThat(pending.enqueuedAt()).as("the same bytes").hasValue(ENQUEUED);
    assertThat(pending.taskSuffix())
        .as("its task was deleted: its name is a tombstone")
        .isEqualTo("r" + now.getEpochSecond());
    assertThat(plan.plan(unseen).generation()).as("a run the pause stopped").isZero();
    assertThat(plan.plan(settled).skipped()).isTrue();
  }
}
