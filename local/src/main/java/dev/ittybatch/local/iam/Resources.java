package dev.ittybatch.local.iam;

import java.util.ArrayList;
import java.util.List;

/**
 * Full resource names, one form for every stand-in and for the grants read from the deploy's
 * records, so that a grant and a call can be compared as text:
 *
 * <pre>
 * projects/P                                  a project
 * projects/P/datasets/D[/tables/T]            BigQuery
 * projects/P/jobs/J                           a BigQuery job
 * projects/_/buckets/B[/objects/O]            Cloud Storage (buckets are global)
 * projects/P/locations/L/queues/Q[/tasks/T]   Cloud Tasks
 * projects/P/serviceAccounts/EMAIL            a service account (actAs, signBlob)
 * projects/P/secrets/S                        Secret Manager
 * projects/P/locations/L/services/S           a Cloud Run service
 * projects/P/locations/L/jobs/J               a Cloud Run job
 * projects/P/locations/L/schedulerJobs/J      a Cloud Scheduler job
 * </pre>
 *
 * Cloud Scheduler names its jobs {@code projects/P/locations/L/jobs/J}, as Cloud Run names its own;
 * here the collection says which service, so a grant on one is never read as a grant on the other.
 */
public final class Resources {

  private Resources() {}

  public static String project(String project) {
    return "projects/" + project;
  }

  public static String dataset(String project, String dataset) {
    return project(project) + "/datasets/" + dataset;
  }

  public static String table(String project, String dataset, String table) {
    return dataset(project, dataset) + "/tables/" + table;
  }

  public static String bigQueryJob(String project, String job) {
    return project(project) + "/jobs/" + job;
  }

  public static String bucket(String bucket) {
    return "projects/_/buckets/" + bucket;
  }

  public static String object(String bucket, String object) {
    return bucket(bucket) + "/objects/" + object;
  }

  public static String queue(String project, String location, String queue) {
    return project(project) + "/locations/" + location + "/queues/" + queue;
  }

  public static String serviceAccount(String project, String email) {
    return project(project) + "/serviceAccounts/" + email;
  }

  public static String secret(String project, String secret) {
    return project(project) + "/secrets/" + secret;
  }

  public static String runService(String project, String location, String service) {
    return project(project) + "/locations/" + location + "/services/" + service;
  }

  public static String runJob(String project, String location, String job) {
    return project(project) + "/locations/" + location + "/jobs/" + job;
  }

  public static String schedulerJob(String project, String location, String job) {
    return project(project) + "/locations/" + location + "/schedulerJobs/" + job;
  }

  /**
   * The resource and everything that contains it, innermost first: a table's dataset and project,
   * an object's bucket, a task's queue and project. A grant on any of them covers the resource.
   */
  public static List<String> parents(String resource) {
    List<String> chain = new ArrayList<>();
    chain.add(resource);
    String[] parts = resource.split("/");
    // Names alternate collection/id; drop the last pair each step. An object name may hold '/',
    // so everything after "objects/" is one id.
    int objects = resource.indexOf("/objects/");
    if (objects >= 0) {
      chain.add(resource.substring(0, objects));
      parts = resource.substring(0, objects).split("/");
    }
    for (int end = parts.length - 2; end >= 2; end -= 2) {
      String parent = String.join("/", java.util.Arrays.copyOf(parts, end));
      // "projects/P/locations/L" is not a resource anyone grants on; the project is.
      if (!parent.endsWith("/locations/" + parts[end - 1]) && !chain.contains(parent)) {
        chain.add(parent);
      }
    }
    return chain;
  }
}
