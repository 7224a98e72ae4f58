package dev.ittybatch.local.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ittybatch.local.iam.MethodTable;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * Every API a command in the dry-run records uses, and every API the deployed code calls
 * (deploy/iam/methods.tsv), is one setup enables: a new project has only a few on.
 */
class DeployApisTest {

  static final List<String> STEPS =
      List.of(
          "setup",
          "run",
          "retry",
          "reconcile",
          "status",
          "status-web",
          "teardown",
          "pause",
          "resume",
          "cancel");

  /** deploy/iam/commands.tsv: "gcloud GROUP" or a program, and the API it calls (- for none). */
  static Map<String, String> commandApis() throws IOException {
    Map<String, String> apis = new LinkedHashMap<>();
    for (String line : Files.readAllLines(DeployScript.ROOT.resolve("deploy/iam/commands.tsv"))) {
      if (!line.startsWith("#") && !line.startsWith("command\t") && !line.isBlank()) {
        String[] fields = line.split("\t");
        assertThat(fields).as(line).hasSize(3);
        assertThat(fields[2]).as(line).startsWith("https://");
        apis.put(fields[0], fields[1]);
      }
    }
    return apis;
  }

  static String apiOf(Command command, Map<String, String> apis) {
    List<String> words = command.words();
    if (command.program().equals("xargs")) {
      int first = 1;
      while (words.get(first).startsWith("-")) {
        first++;
      }
      words = words.subList(first, words.size());
    }
    String program = words.get(0).substring(words.get(0).lastIndexOf('/') + 1);
    String key = program.equals("gcloud") ? "gcloud " + words.get(1) : program;
    assertThat(apis).as("deploy/iam/commands.tsv names the API of %s", command).containsKey(key);
    return apis.get(key);
  }

  static Set<String> enabled() {
    return new TreeSet<>(
        DeployScript.record("setup").command("gcloud", "services", "enable").positionals().stream()
            .filter(word -> word.endsWith(".googleapis.com"))
            .toList());
  }

  @Test
  void everyApiTheRecordsAndTheDeployedCodeUseIsEnabledBySetup() throws IOException {
    Map<String, String> apis = commandApis();
    Map<String, String> used = new LinkedHashMap<>();
    for (String step : STEPS) {
      for (Command command : DeployScript.record(step).commands()) {
        used.putIfAbsent(apiOf(command, apis), command.toString());
        // Cloud Scheduler calls the API its target URI names.
        command
            .flag("--uri")
            .ifPresent(uri -> used.putIfAbsent(URI.create(uri).getHost(), command.toString()));
      }
    }
    for (MethodTable.Row row :
        MethodTable.read(DeployScript.ROOT.resolve("deploy/iam/methods.tsv")).rows()) {
      used.putIfAbsent(row.api(), row.where() + " " + row.method());
    }
    used.remove("-");

    used.keySet().removeAll(enabled());
    assertThat(used)
        .as("APIs used but not enabled, each with a command or call that needs it")
        .isEmpty();
  }
}
