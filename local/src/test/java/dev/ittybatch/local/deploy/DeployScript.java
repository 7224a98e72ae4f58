package dev.ittybatch.local.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Runs deploy/deploy.sh with the example env file: as a dry run, or against a {@link FakeCloud}.
 */
final class DeployScript {

  static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
  static final Path RECORDS = Path.of("src", "test", "resources", "deploy-dry-run");
  static final String API_KEY = "itty_sk_live_DO_NOT_PRINT_ME";

  record Result(int exit, String out, String err) {
    DryRunRecord record() {
      return DryRunRecord.parse("dry run", out);
    }
  }

  private DeployScript() {}

  /** The reviewed record of a step (what {@code DeployScriptTest} holds the script to). */
  static DryRunRecord record(String step) {
    return DryRunRecord.read(RECORDS.resolve(step + ".txt"));
  }

  static Map<String, String> settings() {
    return EnvFile.read(ROOT.resolve("deploy/ittybatch.env.example"));
  }

  /** A dry run; a tripwire on the PATH fails the test if it calls any cloud tool. */
  static Result dryRun(String... args) throws IOException, InterruptedException {
    Path tripwires = Files.createTempDirectory("no-cloud");
    Path calls = tripwires.resolve("calls");
    for (String tool : List.of("gcloud", "bq", "curl")) {
      Path fake = tripwires.resolve(tool);
      Files.writeString(fake, "#!/bin/sh\necho \"$0 $*\" >> '" + calls + "'\nexit 99\n");
      assertThat(fake.toFile().setExecutable(true)).isTrue();
    }
    List<String> command = new ArrayList<>(List.of("bash", "deploy/deploy.sh", "--dry-run"));
    command.addAll(List.of("--env", "deploy/ittybatch.env.example"));
    command.addAll(Arrays.asList(args));
    ProcessBuilder builder = new ProcessBuilder(command).directory(ROOT.toFile());
    builder.environment().put("PATH", tripwires + File.pathSeparator + System.getenv("PATH"));
    builder.environment().put("ITTYBIT_API_KEY", API_KEY);
    builder
        .environment()
        .put("NOTIFY_URL", "https://hooks.example.com/services/DO_NOT_PRINT_ME_EITHER");
    Result result = run(builder);
    assertThat(calls).as("a dry run calls no cloud tool").doesNotExist();
    return result;
  }

  static Result run(ProcessBuilder builder) throws IOException, InterruptedException {
    builder.redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
    Path err = Files.createTempFile("deploy", ".err");
    builder.redirectError(err.toFile());
    Process process = builder.start();
    String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(process.waitFor(60, TimeUnit.SECONDS)).as(out).isTrue();
    return new Result(process.exitValue(), out, Files.readString(err));
  }
}
