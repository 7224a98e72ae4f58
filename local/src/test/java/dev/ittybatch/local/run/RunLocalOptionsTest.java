package dev.ittybatch.local.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** run-local's queue options stop at Cloud Tasks' limits, with the option named. */
class RunLocalOptionsTest {

  @Test
  void refusesAQueueCloudTasksWouldRefuse() {
    assertThatThrownBy(() -> new RunLocalOptions(new String[] {"m.jsonl", "--rate=501"}).settings())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("--rate must be from 1 to 500, found 501");
    assertThatThrownBy(() -> new RunLocalOptions(new String[] {"m.jsonl", "--rate=0"}).settings())
        .hasMessage("--rate must be from 1 to 500, found 0");
    assertThatThrownBy(
            () -> new RunLocalOptions(new String[] {"m.jsonl", "--concurrency=5001"}).settings())
        .hasMessage("--concurrency must be from 1 to 5000, found 5001");
    assertThat(
            new RunLocalOptions(new String[] {"m.jsonl", "--rate=500", "--concurrency=5000"})
                .settings()
                .rate())
        .isEqualTo(500);
  }

  @Test
  void aRunsLifeOptionsAreCheckedAndNamed() {
    RunLocalOptions none = new RunLocalOptions(new String[] {"m.jsonl"});
    assertThat(none.notifyUrl()).as("the local receiver").isNull();
    assertThat(none.lifeAfter("pause-after")).isNull();
    RunLocalOptions given =
        new RunLocalOptions(
            new String[] {
              "m.jsonl", "--notify-url=https://hooks.example.com/x", "--cancel-after=40"
            });
    assertThat(given.notifyUrl()).isEqualTo("https://hooks.example.com/x");
    assertThat(given.lifeAfter("cancel-after")).isEqualTo(40);
    assertThatThrownBy(
            () ->
                new RunLocalOptions(new String[] {"m.jsonl", "--pause-after=0"})
                    .lifeAfter("pause-after"))
        .hasMessage("--pause-after must be from 1 to 2147483647, found 0");
    assertThatThrownBy(
            () -> new RunLocalOptions(new String[] {"m.jsonl", "--notify-url=hooks"}).notifyUrl())
        .hasMessage("--notify-url must be an http(s) URL");
  }
}
