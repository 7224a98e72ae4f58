package dev.ittybatch.local.run;

import dev.ittybatch.local.deploy.Command;
import dev.ittybatch.local.iam.CallLog;
import dev.ittybatch.local.iam.Resources;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Secret Manager as the setup record leaves it: a secret exists once {@code gcloud secrets create}
 * made it, has a value only once {@code versions add} gave it one, and Cloud Run reads a
 * deployment's {@code --set-secrets} at instance start as the deployment's service account, which
 * needs {@code secretmanager.versions.access} on the secret
 * (https://cloud.google.com/run/docs/configuring/secrets). A secret with no enabled version, or one
 * the account may not read, stops the instance from starting, as it stops a revision.
 */
final class RehearsedSecrets {

  static final String ACCESS =
      "google.cloud.secretmanager.v1.SecretManagerService.AccessSecretVersion";

  private final String project;
  private final CallLog calls;
  private final Map<String, String> values;
  private final Map<String, List<String>> versions = new LinkedHashMap<>();

  /** Per secret, the versions before this index are disabled. */
  private final Map<String, Integer> disabledBelow = new LinkedHashMap<>();

  /**
   * @param values what the operator has exported for each secret ({@code ITTYBIT_API_KEY} as
   *     ittybit-api-key, ...); {@code webhook-token} is made by setup itself
   */
  RehearsedSecrets(String project, CallLog calls, Map<String, String> values) {
    this.project = project;
    this.calls = calls;
    this.values = Map.copyOf(values);
  }

  /** {@code gcloud secrets create NAME} (after a describe found none). */
  void create(Command command) {
    versions.putIfAbsent(command.positionals().get(2), new ArrayList<>());
  }

  /**
   * {@code <secret> | gcloud secrets versions add NAME --data-file=-}. The record says when it is
   * conditional only by the read before it: after {@code versions access latest} (a digest
   * compared) it adds a version only when the latest holds another value, after {@code versions
   * list --limit=1} only when there is none; with neither it always adds one.
   *
   * @param check the {@code gcloud secrets versions access|list} line before it, or null
   */
  void addVersion(Command command, Command check) {
    String name = command.positionals().get(3);
    if (!command.secretOnStdin()) {
      throw new IllegalStateException(command.where() + ": a version's value must come on stdin");
    }
    List<String> held = versions.get(name);
    if (held == null) {
      throw new IllegalStateException(command.where() + ": NOT_FOUND: secret " + name);
    }
    String value = values.get(name);
    if (value == null) {
      throw new IllegalStateException(command.where() + ": nothing exported for " + name);
    }
    boolean compared =
        check != null
            && check.startsWith("gcloud", "secrets", "versions", "access", "latest")
            && check.requiredFlag("--secret").equals(name);
    boolean listed =
        check != null
            && check.startsWith("gcloud", "secrets", "versions", "list", name)
            && check.flag("--limit").orElse("").equals("1");
    if (compared && !held.isEmpty() && held.get(held.size() - 1).equals(value)) {
      return;
    }
    if (listed && enabled(name) > 0) {
      return;
    }
    held.add(value);
    disabledBelow.putIfAbsent(name, 0);
  }

  /** {@code gcloud secrets versions disable VERSION --secret=NAME}: each enabled but the latest. */
  void disableAllButLatest(Command command) {
    String name = command.requiredFlag("--secret");
    List<String> held = versions.getOrDefault(name, List.of());
    disabledBelow.put(name, Math.max(0, held.size() - 1));
  }

  /** How many enabled versions each secret has: each is billed. */
  Map<String, Integer> enabledVersions() {
    Map<String, Integer> counts = new LinkedHashMap<>();
    versions.keySet().forEach(name -> counts.put(name, enabled(name)));
    return counts;
  }

  private int enabled(String name) {
    return versions.get(name).size() - disabledBelow.getOrDefault(name, 0);
  }

  /** The latest value, read as {@code account}, as Cloud Run reads it for an instance. */
  String read(String where, String account, String reference) {
    String name = reference.substring(0, reference.indexOf(':'));
    if (!calls.check(
        account, ACCESS, "secretmanager.versions.access", Resources.secret(project, name))) {
      throw new IllegalStateException(
          where
              + ": Permission denied on secret "
              + Resources.secret(project, name)
              + " for Revision service account "
              + account
              + ": it needs roles/secretmanager.secretAccessor on the secret");
    }
    List<String> held = versions.get(name);
    if (held == null || held.isEmpty()) {
      throw new IllegalStateException(
          where + ": secret " + reference + " has no enabled version: the instance cannot start");
    }
    return held.get(held.size() - 1);
  }

  /** The operator's own read ({@code <secret>} in a record's command line). */
  String latest(String name) {
    List<String> held = versions.get(name);
    if (held == null || held.isEmpty()) {
      throw new IllegalStateException("secret " + name + " has no version");
    }
    return held.get(held.size() - 1);
  }
}
