package dev.ittybatch.local.iam;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The predefined roles the deploy grants and the permissions each holds, from Google's IAM
 * reference ({@code deploy/iam/roles.tsv}: role, permission, source, one row per permission).
 */
public final class RoleTable {

  static final List<String> HEADER = List.of("role", "permission", "source");

  private final Map<String, Set<String>> permissions;

  private RoleTable(Map<String, Set<String>> permissions) {
    this.permissions = permissions;
  }

  public static RoleTable read(Path file) {
    Map<String, Set<String>> permissions = new LinkedHashMap<>();
    for (Tsv.Row row : Tsv.read(file, HEADER)) {
      if (!row.get(0).startsWith("roles/")) {
        throw new IllegalArgumentException(row.where() + ": a predefined role is roles/...");
      }
      if (!row.get(2).startsWith("https://")) {
        throw new IllegalArgumentException(row.where() + ": the source must be a URL");
      }
      permissions.computeIfAbsent(row.get(0), role -> new LinkedHashSet<>()).add(row.get(1));
    }
    return new RoleTable(permissions);
  }

  public boolean knows(String role) {
    return permissions.containsKey(role);
  }

  /** The role's permissions; none for a role the table does not hold. */
  public Set<String> permissions(String role) {
    return permissions.getOrDefault(role, Set.of());
  }

  public Set<String> roles() {
    return permissions.keySet();
  }
}
