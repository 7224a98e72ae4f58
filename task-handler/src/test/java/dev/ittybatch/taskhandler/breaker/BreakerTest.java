package dev.ittybatch.taskhandler.breaker;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ittybatch.taskhandler.breaker.Breaker.Verdict;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** When refusals are the account's: the rules, answer by answer. */
class BreakerTest {

  static final Refusal INVALID = new Refusal(400, "request_invalid");
  static final Refusal BAD_MEDIA = new Refusal(400, "invalid_input");

  @Test
  void theSameRefusalForTheFirstEntriesTripsAndThenHoldsIt() {
    Breaker breaker = new Breaker(3, 10, 0.8);

    assertThat(breaker.refused("b", INVALID)).isEqualTo(Verdict.PASS);
    assertThat(breaker.refused("b", INVALID)).isEqualTo(Verdict.PASS);
    assertThat(breaker.refused("b", INVALID)).isEqualTo(Verdict.TRIP);
    assertThat(breaker.refused("b", INVALID)).isEqualTo(Verdict.HOLD);
    assertThat(breaker.refused("b", BAD_MEDIA))
        .as("another refusal is judged apart")
        .isEqualTo(Verdict.PASS);
    assertThat(breaker.refused("other", INVALID)).as("another batch too").isEqualTo(Verdict.PASS);
  }

  @Test
  void aBatchWithJobsTripsOnlyWhenMostOfAFullWindowIsOneRefusal() {
    Breaker breaker = new Breaker(3, 10, 0.8);
    breaker.jobMade("b");
    for (int i = 0; i < 6; i++) {
      assertThat(breaker.refused("b", INVALID)).isEqualTo(Verdict.PASS);
    }
    breaker.jobMade("b");
    assertThat(breaker.refused("b", INVALID))
        .as("7 of 9, the window not full")
        .isEqualTo(Verdict.PASS);
    assertThat(breaker.refused("b", INVALID)).as("8 of 10").isEqualTo(Verdict.TRIP);
  }

  @Test
  void scatteredBadFilesNeverTripIt() {
    Breaker breaker = new Breaker(3, 10, 0.8);
    List<Verdict> verdicts = new ArrayList<>();
    for (int i = 0; i < 100; i++) {
      if (i % 3 == 0) {
        verdicts.add(breaker.refused("b", BAD_MEDIA));
      } else {
        breaker.jobMade("b");
      }
    }
    assertThat(verdicts).containsOnly(Verdict.PASS);
  }

  @Test
  void aJobMadeAfterTheFixEndsTheHold() {
    Breaker breaker = new Breaker(2, 10, 0.8);
    breaker.refused("b", INVALID);
    assertThat(breaker.refused("b", INVALID)).isEqualTo(Verdict.TRIP);

    breaker.jobMade("b");

    assertThat(breaker.refused("b", INVALID))
        .as("judged afresh: a job was made, so no longer the first entries")
        .isEqualTo(Verdict.PASS);
  }

  @Test
  void zeroFirstEntriesTurnsItOff() {
    Breaker breaker = new Breaker(0, 10, 0.8);
    for (int i = 0; i < 50; i++) {
      assertThat(breaker.refused("b", INVALID)).isEqualTo(Verdict.PASS);
    }
  }
}
