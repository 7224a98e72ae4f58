package dev.ittybatch.local.iam;

import java.util.Collection;
import java.util.List;
import java.util.Set;

/**
 * What the grants of a setup record allow: a call is allowed when a grant names its caller, on the
 * resource or on anything containing it ({@link Resources#parents}), with a role that holds the
 * permission. Predefined roles' permissions come from the {@link RoleTable}, custom roles' from the
 * record's own {@code gcloud iam roles} commands; a granted role found in neither is an error, so
 * the table cannot silently fall behind the script.
 */
public final class GrantPolicy implements AccessPolicy {

  private final SetupGrants setup;
  private final RoleTable roles;

  private GrantPolicy(SetupGrants setup, RoleTable roles) {
    this.setup = setup;
    this.roles = roles;
  }

  public static GrantPolicy of(SetupGrants setup, RoleTable roles) {
    for (Grant grant : setup.grants()) {
      if (!roles.knows(grant.role()) && !setup.customRoles().containsKey(grant.role())) {
        throw new IllegalArgumentException(
            grant.where()
                + ": "
                + grant.role()
                + " is granted but is neither in the roles table nor defined by the setup");
      }
    }
    return new GrantPolicy(setup, roles);
  }

  public Set<String> permissions(String role) {
    return setup.customRoles().getOrDefault(role, roles.permissions(role));
  }

  public List<Grant> grants() {
    return setup.grants();
  }

  @Override
  public boolean allows(String identity, String permission, String resource) {
    List<String> covering = Resources.parents(resource);
    return setup.grants().stream()
        .anyMatch(
            grant ->
                grant.names(identity)
                    && covering.contains(grant.resource())
                    && permissions(grant.role()).contains(permission));
  }

  /** The grants that allow this call (several when they overlap). */
  public List<Grant> grantsFor(String identity, String permission, String resource) {
    List<String> covering = Resources.parents(resource);
    return setup.grants().stream()
        .filter(
            grant ->
                grant.names(identity)
                    && covering.contains(grant.resource())
                    && permissions(grant.role()).contains(permission))
        .toList();
  }

  /**
   * Least privilege: every grant none of whose permissions an allowed call used. Each is either
   * unneeded or a sign that a call went unrecorded.
   */
  public List<Grant> unused(Collection<Call> calls) {
    return setup.grants().stream()
        .filter(
            grant ->
                calls.stream()
                    .filter(Call::allowed)
                    .noneMatch(
                        call ->
                            grant.names(call.identity())
                                && permissions(grant.role()).contains(call.permission())
                                && Resources.parents(call.resource()).contains(grant.resource())))
        .toList();
  }
}
