package dev.ittybatch.local.bigquery;

import dev.ittybatch.local.iam.CallLog;
import dev.ittybatch.local.iam.Identities;
import dev.ittybatch.local.iam.Resources;

/**
 * Who may do what, asked of the shared {@link CallLog} once per permission a method needs (iam.md
 * Table B; BigQuery's own pages cited there), and refused in BigQuery's terms: 401 without a token,
 * 403 {@code accessDenied} otherwise.
 */
final class Access {

  private final CallLog log;

  Access(CallLog log) {
    this.log = log;
  }

  /** Google's answer to a request without credentials. */
  void authenticated(String identity) {
    if (Identities.ANONYMOUS.equals(identity)) {
      throw new ApiError(
          Reason.REQUIRED,
          "Request is missing required authentication credential. Expected OAuth 2 access token,"
              + " login cookie or other valid authentication credential.",
          "Authorization");
    }
  }

  void onProject(String identity, String method, String permission, String project) {
    if (!log.check(identity, method, permission, Resources.project(project))) {
      throw denied(
          "Access Denied: Project "
              + project
              + ": User does not have "
              + permission
              + " permission in project "
              + project
              + ".");
    }
  }

  void onDataset(
      String identity, String method, String permission, String project, String dataset) {
    if (!log.check(identity, method, permission, Resources.dataset(project, dataset))) {
      String name = project + ":" + dataset;
      throw denied(
          "Access Denied: Dataset "
              + name
              + ": Permission "
              + permission
              + " denied on dataset "
              + name
              + " (or it may not exist).");
    }
  }

  void onTable(String identity, String method, String permission, TableRef table) {
    if (!log.check(identity, method, permission, table.resource())) {
      throw denied(
          "Access Denied: Table "
              + table.display()
              + ": Permission "
              + permission
              + " denied on table "
              + table.display()
              + " (or it may not exist).");
    }
  }

  /**
   * A job and its results are its creator's: "when you create a job, you are automatically granted
   * bigquery.jobs.get" (jobs-overview), and jobs.get "requires that you're the person who ran the
   * job, or have the Is Owner project role" (jobs/get). Anyone else needs bigquery.jobs.get on the
   * project.
   */
  void onJob(String identity, String method, Job job) {
    String resource = Resources.bigQueryJob(job.project, job.id);
    if (identity.equals(job.creator)) {
      log.decided(identity, method, "bigquery.jobs.get", resource, true);
      return;
    }
    if (!log.check(identity, method, "bigquery.jobs.get", Resources.project(job.project))) {
      throw denied(
          "Access Denied: Job "
              + job.display()
              + ": User does not have bigquery.jobs.get permission for job "
              + job.display()
              + ".");
    }
  }

  /** A query's anonymous results table: its creator's alone, whatever the grants. */
  void onResults(String identity, String method, Job job, TableRef table) {
    boolean creator = identity.equals(job.creator);
    log.decided(identity, method, "bigquery.tables.getData", table.resource(), creator);
    if (!creator) {
      throw denied(
          "Access Denied: Table "
              + table.display()
              + ": User does not have permission to read the results of job "
              + job.display()
              + ".");
    }
  }

  private static ApiError denied(String message) {
    return new ApiError(Reason.ACCESS_DENIED, message);
  }
}
