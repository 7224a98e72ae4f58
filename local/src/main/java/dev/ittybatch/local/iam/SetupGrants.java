package dev.ittybatch.local.iam;

import dev.ittybatch.local.deploy.Command;
import dev.ittybatch.local.deploy.DryRunRecord;
import dev.ittybatch.local.deploy.GcloudLists;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Every grant a setup record makes, and the permissions of the custom roles it defines, read from
 * the commands themselves: {@code gcloud ... add-iam-policy-binding} on secrets, buckets, queues,
 * service accounts, Cloud Run services and jobs and projects; {@code bq add-iam-policy-binding} on
 * tables; BigQuery {@code GRANT} statements; {@code --allow-unauthenticated}; {@code gcloud iam
 * roles create|update --permissions}. A grant command it cannot read is an error, never skipped.
 */
public record SetupGrants(List<Grant> grants, Map<String, Set<String>> customRoles) {

  private static final Pattern GRANT =
      Pattern.compile(
          "\\s*GRANT\\s+(.+?)\\s+ON\\s+(SCHEMA|TABLE|VIEW|EXTERNAL\\s+TABLE)\\s+`([^`]+)`\\s+TO\\s+(.+?)\\s*;?\\s*",
          Pattern.CASE_INSENSITIVE | Pattern.DOTALL);

  public SetupGrants {
    grants = List.copyOf(grants);
    customRoles = Map.copyOf(customRoles);
  }

  public static SetupGrants of(DryRunRecord setup) {
    List<Grant> grants = new ArrayList<>();
    Map<String, Set<String>> customRoles = new LinkedHashMap<>();
    for (Command command : setup.commands()) {
      switch (command.program()) {
        case "gcloud" -> gcloud(command, grants, customRoles);
        case "bq" -> bq(command, grants);
        default -> {
          // Not a command that grants anything.
        }
      }
    }
    return new SetupGrants(grants, customRoles);
  }

  private static void gcloud(
      Command command, List<Grant> grants, Map<String, Set<String>> customRoles) {
    List<String> path = command.positionals();
    int binding = path.indexOf("add-iam-policy-binding");
    if (binding > 0) {
      String group = String.join(" ", path.subList(0, binding));
      String id = path.get(binding + 1);
      command
          .flag("--condition")
          .filter(condition -> !condition.equals("None"))
          .ifPresent(
              condition -> {
                throw new IllegalArgumentException(
                    command.where() + ": a conditional grant cannot be modelled: " + condition);
              });
      grants.add(
          new Grant(
              command.requiredFlag("--member"),
              command.requiredFlag("--role"),
              gcloudResource(command, group, id),
              command.where()));
    } else if (path.size() >= 3 && path.get(0).equals("run") && path.get(1).equals("deploy")) {
      if (command.has("--allow-unauthenticated")) {
        grants.add(
            new Grant(
                "allUsers",
                "roles/run.invoker",
                Resources.runService(
                    command.requiredFlag("--project"),
                    command.requiredFlag("--region"),
                    path.get(2)),
                command.where()));
      }
    } else if (path.size() >= 4
        && path.get(0).equals("iam")
        && path.get(1).equals("roles")
        && (path.get(2).equals("create") || path.get(2).equals("update"))) {
      command
          .flag("--permissions")
          .ifPresent(
              permissions ->
                  customRoles.put(
                      "projects/" + command.requiredFlag("--project") + "/roles/" + path.get(3),
                      new LinkedHashSet<>(GcloudLists.split(permissions))));
    }
  }

  private static String gcloudResource(Command command, String group, String id) {
    return switch (group) {
      case "secrets" -> Resources.secret(command.requiredFlag("--project"), id);
      case "storage buckets" -> Resources.bucket(id.replaceFirst("^gs://", ""));
      case "tasks queues" ->
          Resources.queue(
              command.requiredFlag("--project"), command.requiredFlag("--location"), id);
      case "iam service-accounts" ->
          Resources.serviceAccount(command.requiredFlag("--project"), id);
      case "run services" ->
          Resources.runService(
              command.requiredFlag("--project"), command.requiredFlag("--region"), id);
      case "run jobs" ->
          Resources.runJob(command.requiredFlag("--project"), command.requiredFlag("--region"), id);
      case "projects" -> Resources.project(id);
      default ->
          throw new IllegalArgumentException(
              command.where() + ": grants on \"gcloud " + group + "\" are not modelled");
    };
  }

  private static void bq(Command command, List<Grant> grants) {
    List<String> path = command.positionals();
    if (path.isEmpty()) {
      return;
    }
    String project = command.flag("--project_id").orElse(null);
    if (path.get(0).equals("add-iam-policy-binding")) {
      grants.add(
          new Grant(
              command.requiredFlag("--member"),
              command.requiredFlag("--role"),
              bqResource(command, path.get(1), project),
              command.where()));
    } else if (path.get(0).equals("query") && path.size() > 1) {
      Matcher grant = GRANT.matcher(path.get(path.size() - 1));
      if (grant.matches()) {
        String resource = grantResource(command, grant.group(2), grant.group(3), project);
        for (String role : grant.group(1).split(",")) {
          for (String member : grant.group(4).split(",")) {
            grants.add(
                new Grant(
                    member.strip().replaceAll("^[\"']|[\"']$", ""),
                    role.strip().replace("`", ""),
                    resource,
                    command.where()));
          }
        }
      }
    }
  }

  /** A GRANT's {@code `[project.]dataset`} (SCHEMA) or {@code `[project.]dataset.table`}. */
  private static String grantResource(Command command, String type, String name, String project) {
    String[] parts = name.split("\\.");
    int dataset = type.equalsIgnoreCase("SCHEMA") ? 1 : 2;
    if (parts.length == dataset) {
      return bqResource(command, String.join(".", parts), project);
    }
    if (parts.length == dataset + 1) {
      return bqResource(
          command,
          parts[0] + ":" + String.join(".", List.of(parts).subList(1, parts.length)),
          null);
    }
    throw new IllegalArgumentException(command.where() + ": cannot read " + type + " " + name);
  }

  /** {@code PROJECT:DATASET[.TABLE]}, or without the project when {@code --project_id} says it. */
  private static String bqResource(Command command, String identifier, String project) {
    String id = identifier;
    if (!id.contains(":")) {
      if (project == null) {
        throw new IllegalArgumentException(command.where() + ": no project for " + identifier);
      }
      id = project + ":" + id;
    }
    String owner = id.substring(0, id.indexOf(':'));
    String[] names = id.substring(id.indexOf(':') + 1).split("\\.");
    return switch (names.length) {
      case 1 -> Resources.dataset(owner, names[0]);
      case 2 -> Resources.table(owner, names[0], names[1]);
      default ->
          throw new IllegalArgumentException(command.where() + ": cannot read " + identifier);
    };
  }
}
