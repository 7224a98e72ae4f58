package dev.ittybatch.local.iam;

/**
 * One binding the setup makes.
 *
 * @param member as IAM writes it: {@code serviceAccount:EMAIL}, {@code user:EMAIL}, {@code
 *     allUsers}, {@code allAuthenticatedUsers}
 * @param role {@code roles/...} or a custom role's full name {@code projects/P/roles/R}
 * @param resource what it is granted on, in {@link Resources}' form
 * @param where the record line that makes it
 */
public record Grant(String member, String role, String resource, String where) {

  /** Whether this grant's member is the caller a token names. */
  public boolean names(String identity) {
    if (member.equals("allUsers")) {
      return true;
    }
    if (member.equals("allAuthenticatedUsers")) {
      return !Identities.ANONYMOUS.equals(identity);
    }
    // A group's or domain's members are not known here: such a grant names no one.
    return (member.startsWith("serviceAccount:") || member.startsWith("user:"))
        && member.substring(member.indexOf(':') + 1).equalsIgnoreCase(identity);
  }

  @Override
  public String toString() {
    return member + " " + role + " on " + resource + " (" + where + ")";
  }
}
