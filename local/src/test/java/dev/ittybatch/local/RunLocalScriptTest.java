package dev.ittybatch.local;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The {@code run-local} script itself, up to the {@code java} it starts: it builds, then runs the
 * local jar with the options of {@code local/jvm-options} and the user's arguments. Maven and Java
 * are stand-ins here that record how they were called, so this takes milliseconds; the pipeline
 * behind the jar has tests of its own.
 */
class RunLocalScriptTest {

  @TempDir Path dir;

  @Test
  void startsTheLocalJarWithTheOptionsOfJvmOptionsAndTheUsersArguments() throws Exception {
    Path root = DeployScriptTest.ROOT;
    Files.copy(root.resolve("run-local"), dir.resolve("run-local"));
    Files.createDirectories(dir.resolve("local"));
    Files.copy(root.resolve("local/jvm-options"), dir.resolve("local/jvm-options"));
    Path calls = dir.resolve("calls");
    executable(dir.resolve("mvnw"), "echo \"mvnw $*\" >> '" + calls + "'");
    Path bin = Files.createDirectories(dir.resolve("bin"));
    executable(
        bin.resolve("java"), "for a in \"$@\"; do echo \"java-arg $a\" >> '" + calls + "'; done");

    ProcessBuilder builder =
        new ProcessBuilder("bash", "run-local", "examples/library.jsonl", "--rate=5")
            .directory(dir.toFile())
            .redirectErrorStream(true);
    builder.environment().put("PATH", bin + ":" + System.getenv("PATH"));
    Process process = builder.start();
    String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
    assertThat(process.exitValue()).as(out).isZero();

    List<String> expected = new ArrayList<>();
    for (String line : Files.readAllLines(root.resolve("local/jvm-options"))) {
      if (!line.isBlank() && !line.startsWith("#")) {
        expected.add(line.strip());
      }
    }
    assertThat(expected).as("jvm-options names at least one option").isNotEmpty();
    expected.add("-jar");
    expected.add(dir.toRealPath().resolve("local/target/local-0.1.0-SNAPSHOT-exec.jar").toString());
    expected.add("examples/library.jsonl");
    expected.add("--rate=5");
    List<String> lines = Files.readAllLines(calls);
    assertThat(lines.get(0)).startsWith("mvnw ").contains("install");
    assertThat(lines.subList(1, lines.size()))
        .containsExactlyElementsOf(expected.stream().map(arg -> "java-arg " + arg).toList());
  }

  private static void executable(Path file, String body) throws Exception {
    Files.writeString(file, "#!/bin/sh\n" + body + "\n");
    assertThat(file.toFile().setExecutable(true)).isTrue();
  }
}
