package dev.ittybatch.local;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The fault proofs run the pipeline as run-local does, in a JVM with {@code local/jvm-options}:
 * this module's test JVM is given them in its pom, and this test fails when the two drift apart.
 */
class LocalJvmOptionsTest {

  @Test
  void theseTestsRunWithRunLocalsJvmOptions() throws Exception {
    List<String> options =
        Files.readAllLines(Path.of("jvm-options")).stream()
            .map(String::strip)
            .filter(line -> !line.isEmpty() && !line.startsWith("#"))
            .toList();

    assertThat(options).isNotEmpty();
    assertThat(ManagementFactory.getRuntimeMXBean().getInputArguments()).containsAll(options);
  }
}
