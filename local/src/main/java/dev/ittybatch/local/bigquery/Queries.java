package dev.ittybatch.local.bigquery;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * jobs.query, the client's fast path, and getQueryResults, its job path (reference section 2). A
 * jobs.query whose requestId was seen answers for the job that id made: the client repeats the id
 * on its retries so that a query is not run twice.
 */
final class Queries {

  /** The server waits this long when the request names no timeoutMs (QueryRequest reference). */
  private static final long DEFAULT_TIMEOUT_MS = 10_000;

  private Queries() {}

  static ObjectNode query(
      Api api, Exchange exchange, String identity, String project, JsonNode body)
      throws InterruptedException {
    api.access().onProject(identity, "bigquery.jobs.query", "bigquery.jobs.create", project);
    if (body.path("dryRun").asBoolean(false) || body.path("createSession").asBoolean(false)) {
      throw ApiError.invalid("dryRun and sessions are not supported by the stand-in");
    }
    String requestId = body.path("requestId").asString(null);
    Job job = api.jobs().byRequest(project, requestId);
    if (job == null) {
      ObjectNode query = api.json().createObjectNode();
      for (String field :
          new String[] {
            "query",
            "useLegacySql",
            "defaultDataset",
            "queryParameters",
            "parameterMode",
            "useQueryCache",
            "labels",
            "maximumBytesBilled"
          }) {
        if (body.has(field)) {
          query.set(field, body.get(field));
        }
      }
      job =
          api.queryJobs()
              .start(
                  identity,
                  "bigquery.jobs.query",
                  project,
                  null,
                  body.path("location").asString(null),
                  query);
      job.int64Timestamps = body.path("formatOptions").path("useInt64Timestamp").asBoolean(false);
      api.jobs().rememberRequest(project, requestId, job);
    } else {
      api.access().onJob(identity, "bigquery.jobs.query", job);
    }
    job.await(body.path("timeoutMs").asLong(DEFAULT_TIMEOUT_MS));
    Long maxResults = body.hasNonNull("maxResults") ? body.get("maxResults").asLong() : null;
    ObjectNode response =
        api.pages()
            .queryResponse(
                job, "bigquery#queryResponse", maxResults, null, null, job.int64Timestamps);
    response.put("queryId", job.id);
    response.put("location", job.location);
    response.put("creationTime", Long.toString(job.created));
    return response;
  }

  static ObjectNode results(Api api, Exchange exchange, String identity, Job job)
      throws InterruptedException {
    api.access().onJob(identity, "bigquery.jobs.getQueryResults", job);
    if (!job.kind.equals("query")) {
      throw ApiError.invalid("Job " + job.display() + " is not a query");
    }
    Long timeout = exchange.longParameter("timeoutMs");
    job.await(timeout == null ? DEFAULT_TIMEOUT_MS : timeout);
    return api.pages()
        .queryResponse(
            job,
            "bigquery#getQueryResultsResponse",
            exchange.longParameter("maxResults"),
            exchange.parameter("pageToken"),
            exchange.longParameter("startIndex"),
            job.int64Timestamps);
  }
}
