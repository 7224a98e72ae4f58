package dev.ittybatch.local.run;

import com.google.api.gax.rpc.AlreadyExistsException;
import com.google.cloud.tasks.v2.CloudTasksClient;
import com.google.cloud.tasks.v2.LocationName;
import com.google.cloud.tasks.v2.Queue;
import com.google.cloud.tasks.v2.RateLimits;
import com.google.cloud.tasks.v2.RetryConfig;
import com.google.protobuf.FieldMask;
import com.google.protobuf.util.Durations;
import dev.ittybatch.local.deploy.Command;
import dev.ittybatch.local.deploy.DryRunRecord;
import dev.ittybatch.local.deploy.GcloudLists;
import dev.ittybatch.local.iam.Resources;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.boot.convert.DurationStyle;

/**
 * What each command of a record does, done to the stand-ins. A command the rehearsal does not know
 * stops it, naming the line: a new command in the script must be taught here, never skipped.
 */
final class RehearsedCommands {

  /** Commands that change nothing the stand-ins hold: reads, checks, and building the images. */
  private static final List<List<String>> NOTHING_TO_DO =
      List.of(
          List.of("gcloud", "storage", "buckets", "describe"),
          List.of("gcloud", "iam", "service-accounts", "describe"),
          List.of("gcloud", "iam", "roles"),
          List.of("gcloud", "secrets", "describe"),
          List.of("gcloud", "tasks", "queues", "describe"),
          List.of("gcloud", "artifacts"),
          List.of("gcloud", "auth"),
          List.of("gcloud", "scheduler", "jobs", "describe"),
          List.of("tr"),
          List.of("base64"),
          List.of("sha256sum"),
          List.of("mvnw"));

  private final Rehearsal rehearsal;
  private final Map<String, String> commandApis;
  private Command secretCheck;

  RehearsedCommands(Rehearsal rehearsal) {
    this.rehearsal = rehearsal;
    this.commandApis = commandApis();
  }

  /** The service accounts the setup record creates. */
  static List<String> accounts(DryRunRecord setup, String project) {
    return setup.commands("gcloud", "iam", "service-accounts", "create").stream()
        .map(create -> create.positionals().get(3) + "@" + project + ".iam.gserviceaccount.com")
        .toList();
  }

  /** The account whose key signs the task-handler's URLs ({@code SIGNING_SERVICE_ACCOUNT}). */
  static String signer(DryRunRecord setup) {
    return GcloudLists.splitDict(
            setup.command("gcloud", "run", "deploy", "task-handler").requiredFlag("--set-env-vars"))
        .get("SIGNING_SERVICE_ACCOUNT");
  }

  List<Integer> play(DryRunRecord record) {
    List<Integer> exits = new ArrayList<>();
    for (Command command : record.commands()) {
      requireEnabledApi(command);
      if (command.startsWith("gcloud", "run", "jobs", "execute")) {
        exits.add(rehearsal.runAdmin.execute(command));
      } else {
        perform(command);
      }
    }
    return exits;
  }

  private void perform(Command command) {
    if (NOTHING_TO_DO.stream().anyMatch(prefix -> startsWith(command, prefix))) {
      return;
    }
    if (command.startsWith("gcloud", "services", "enable")) {
      rehearsal.enabledApis.addAll(command.positionals().subList(2, command.positionals().size()));
    } else if (command.startsWith("gcloud", "iam", "service-accounts", "create")) {
      // Made with their keys when the cloud started: RehearsedCommands.accounts.
    } else if (command.positionals().contains("add-iam-policy-binding")) {
      // The grants are the policy the stand-ins answer by: SetupGrants.
    } else if (command.startsWith("gcloud", "secrets", "create")) {
      rehearsal.secrets.create(command);
    } else if (command.startsWith("gcloud", "secrets", "versions", "access")
        || command.startsWith("gcloud", "secrets", "versions", "list")) {
      secretCheck = command;
    } else if (command.startsWith("gcloud", "secrets", "versions", "add")) {
      rehearsal.secrets.addVersion(command, secretCheck);
      secretCheck = null;
    } else if (command.startsWith("gcloud", "secrets", "versions", "disable")) {
      rehearsal.secrets.disableAllButLatest(command);
    } else if (command.startsWith("gcloud", "tasks", "queues")) {
      queue(command);
    } else if (command.startsWith("gcloud", "storage", "cp")) {
      rehearsal.runAdmin.upload(command);
    } else if (command.program().equals("bq")) {
      rehearsal.bigQuery.perform(command);
    } else if (command.startsWith("gcloud", "run", "deploy")) {
      rehearsal.services.deploy(command);
    } else if (command.startsWith("gcloud", "run", "jobs", "deploy")) {
      rehearsal.runAdmin.deploy(command);
    } else if (command.startsWith("gcloud", "scheduler", "jobs")) {
      rehearsal.schedules.schedule(command);
    } else if (command.program().equals("env")) {
      rehearsal.runAdmin.onOperatorsMachine(command);
    } else {
      throw new IllegalStateException("the rehearsal cannot play " + command);
    }
  }

  private static boolean startsWith(Command command, List<String> prefix) {
    return command.program().equals(prefix.get(0))
        && command.words().size() >= prefix.size()
        && command.words().subList(1, prefix.size()).equals(prefix.subList(1, prefix.size()));
  }

  /** Every command's API must be on before it runs: a new project has almost none enabled. */
  private void requireEnabledApi(Command command) {
    String key =
        command.program().equals("gcloud") && command.positionals().size() > 0
            ? "gcloud " + command.positionals().get(0)
            : command.program();
    String api = commandApis.get(key);
    if (api == null) {
      throw new IllegalStateException(
          command.where() + ": deploy/iam/commands.tsv names no API for \"" + key + "\"");
    }
    if (!api.equals("-") && !rehearsal.enabledApis.contains(api)) {
      throw new IllegalStateException(
          command.where()
              + ": SERVICE_DISABLED: "
              + api
              + " has not been used in project "
              + rehearsal.settings.get("PROJECT")
              + " before or it is disabled: "
              + command);
    }
  }

  private static Map<String, String> commandApis() {
    Map<String, String> apis = new LinkedHashMap<>();
    try {
      for (String line : Files.readAllLines(Rehearsal.ROOT.resolve("deploy/iam/commands.tsv"))) {
        String[] fields = line.split("\t");
        if (!line.startsWith("#") && fields.length == 3 && !fields[0].equals("command")) {
          apis.put(fields[0], fields[1]);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return apis;
  }

  private void queue(Command command) {
    String verb = command.positionals().get(2);
    String name =
        Resources.queue(
            command.requiredFlag("--project"),
            command.requiredFlag("--location"),
            command.positionals().get(3));
    try (CloudTasksClient tasks = rehearsal.cloud.cloudTasks(LocalAccounts.OPERATOR)) {
      switch (verb) {
        case "create" -> {
          try {
            tasks.createQueue(
                LocationName.of(
                    command.requiredFlag("--project"), command.requiredFlag("--location")),
                queue(command, name));
          } catch (AlreadyExistsException exists) {
            // describe || create: it was there.
          }
        }
        case "update" ->
            tasks.updateQueue(
                queue(command, name),
                FieldMask.newBuilder().addPaths("rate_limits").addPaths("retry_config").build());
        case "resume" -> tasks.resumeQueue(name);
        default -> throw new IllegalStateException("the rehearsal cannot play " + command);
      }
    }
  }

  private static Queue queue(Command command, String name) {
    return Queue.newBuilder()
        .setName(name)
        .setRateLimits(
            RateLimits.newBuilder()
                .setMaxDispatchesPerSecond(
                    Double.parseDouble(command.requiredFlag("--max-dispatches-per-second")))
                .setMaxConcurrentDispatches(
                    Integer.parseInt(command.requiredFlag("--max-concurrent-dispatches"))))
        .setRetryConfig(
            RetryConfig.newBuilder()
                .setMaxAttempts(Integer.parseInt(command.requiredFlag("--max-attempts")))
                .setMinBackoff(duration(command, "--min-backoff"))
                .setMaxBackoff(duration(command, "--max-backoff"))
                .setMaxDoublings(Integer.parseInt(command.requiredFlag("--max-doublings"))))
        .build();
  }

  /** A gcloud duration ({@code 10s}, {@code 5m}). */
  private static com.google.protobuf.Duration duration(Command command, String flag) {
    return Durations.fromMillis(DurationStyle.SIMPLE.parse(command.requiredFlag(flag)).toMillis());
  }
}
