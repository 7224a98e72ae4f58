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

  /** {@code <secret> | gcloud secrets versions add NAME --data-file=-}. */
  void addVersion(Command command) {
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
    // deploy.sh adds one only when there is none, or when the exported value differs from the
    // latest (the record says so in a comment): a second setup leaves one version.
    if (held.isEmpty() || !held.get(held.size() - 1).equals(value)) {
      held.add(value);
    }
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
