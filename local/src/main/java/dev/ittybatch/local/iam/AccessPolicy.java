package dev.ittybatch.local.iam;

/**
 * Whether an identity holds a permission on a resource. A grant on a resource covers what it
 * contains ({@link Resources#parents}): a project grant covers its datasets, a dataset grant its
 * tables, a bucket grant its objects, a queue grant its tasks.
 */
@FunctionalInterface
public interface AccessPolicy {

  boolean allows(String identity, String permission, String resource);

  /** Everything allowed: a stand-in that only records (run-local, most tests). */
  static AccessPolicy allowAll() {
    return (identity, permission, resource) -> true;
  }
}
