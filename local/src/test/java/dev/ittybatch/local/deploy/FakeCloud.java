package dev.ittybatch.local.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * gcloud, bq, curl and the Maven wrapper as one recording script that answers from rules: the first
 * rule whose glob matches the command line gives the exit code and output. A call is logged with
 * the SHA-256 of what was piped to it, so a test can check which secret was stored without the
 * secret in any file. With no matching rule a call succeeds silently.
 */
final class FakeCloud {

  private final Path bin;
  private final Path calls;
  private final Path rules;
  private final List<String> answers = new ArrayList<>();

  FakeCloud() throws IOException {
    bin = Files.createTempDirectory("fake-cloud");
    calls = bin.resolve("calls.log");
    rules = bin.resolve("rules.tsv");
    String script =
        """
        #!/usr/bin/env bash
        line="$(basename "$0") $*"
        piped=""
        if [ ! -t 0 ]; then piped="$(cat)"; fi
        if [ -n "$piped" ]; then
          line="$line <stdin sha256:$(printf '%%s' "$piped" | sha256sum | cut -c1-64)>"
        fi
        printf '%%s\\n' "$line" >> '%s'
        while IFS=$'\\t' read -r pattern code out; do
          # shellcheck disable=SC2254
          case "$(basename "$0") $*" in
            $pattern) [ -z "$out" ] || printf '%%b' "$out"; exit "$code" ;;
          esac
        done < '%s'
        exit 0
        """
            .formatted(calls, rules);
    // java too: setup registers the webhook endpoint by running the orchestrator's jar here.
    for (String tool : List.of("gcloud", "bq", "curl", "mvnw", "java")) {
      Path fake = bin.resolve(tool);
      Files.writeString(fake, script);
      assertThat(fake.toFile().setExecutable(true)).isTrue();
    }
  }

  /**
   * The first matching rule answers: {@code glob} over "program args...", output with \n escapes.
   */
  FakeCloud answer(String glob, int exit, String output) {
    answers.add(glob + "\t" + exit + "\t" + output.replace("\n", "\\n"));
    return this;
  }

  /**
   * A project where every resource exists (or none does), buckets are in EU and services have URLs:
   * added after a test's own answers, so those win.
   */
  private List<String> defaults(boolean everythingExists) {
    int describe = everythingExists ? 0 : 1;
    return List.of(
        "*storage buckets describe *value(location)*\t0\tEU\\n",
        "*services describe *status.url*\t0\thttps://svc.run.app\\n",
        "* describe *\t" + describe + "\t",
        "* show *\t" + describe + "\t");
  }

  DeployScript.Result run(boolean everythingExists, Map<String, String> env, String... args)
      throws IOException, InterruptedException {
    List<String> all = new ArrayList<>(answers);
    all.addAll(defaults(everythingExists));
    Files.write(rules, all);
    List<String> command = new ArrayList<>(List.of("bash", "deploy/deploy.sh"));
    command.addAll(List.of("--env", "deploy/ittybatch.env.example"));
    command.addAll(Arrays.asList(args));
    ProcessBuilder builder = new ProcessBuilder(command).directory(DeployScript.ROOT.toFile());
    builder.environment().put("PATH", bin + File.pathSeparator + System.getenv("PATH"));
    builder.environment().put("MVNW", bin.resolve("mvnw").toString());
    builder.environment().put("JAVA", bin.resolve("java").toString());
    builder.environment().remove("ITTYBIT_API_KEY");
    builder.environment().remove("ITTYBIT_WEBHOOK_SECRET");
    builder.environment().putAll(env);
    return DeployScript.run(builder);
  }

  /** Every call, in order, as "program args..." (with the stdin hash when something was piped). */
  List<String> calls() throws IOException {
    return Files.exists(calls) ? Files.readAllLines(calls) : List.of();
  }

  String log() throws IOException {
    return Files.exists(calls) ? Files.readString(calls) : "";
  }
}
