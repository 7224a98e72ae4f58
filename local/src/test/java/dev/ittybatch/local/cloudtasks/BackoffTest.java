package dev.ittybatch.local.cloudtasks;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class BackoffTest {

  @Test
  void followsTheDocumentedCurve() {
    Backoff backoff = new Backoff(Duration.ofSeconds(10), Duration.ofSeconds(300), 3);
    List<Long> seconds = new ArrayList<>();
    for (int retry = 1; retry <= 9; retry++) {
      seconds.add(backoff.before(retry).toSeconds());
    }
    assertThat(seconds).containsExactly(10L, 20L, 40L, 80L, 160L, 240L, 300L, 300L, 300L);
  }

  @Test
  void doublesUntilTheCapWhenDoublingsAreMany() {
    Backoff backoff = new Backoff(Duration.ofSeconds(1), Duration.ofSeconds(60), 16);
    assertThat(backoff.before(1)).hasSeconds(1);
    assertThat(backoff.before(6)).hasSeconds(32);
    assertThat(backoff.before(7)).hasSeconds(60);
    assertThat(backoff.before(40)).hasSeconds(60);
  }
}
