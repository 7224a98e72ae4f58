package dev.ittybatch.orchestrator.batch;

import dev.ittybatch.common.events.BatchEvent;
import dev.ittybatch.common.ledger.BatchRun;
import dev.ittybatch.common.ledger.LedgerEntry;
import dev.ittybatch.common.results.ResultRow;
import dev.ittybatch.common.results.ResultsStoreException;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/**
 * The local store: the webhook-handler's internal endpoints, because it alone may open the DuckDB
 * file. Rows and ledger entries are POSTed as JSON; queries come back as JSON lines, read as they
 * arrive.
 */
final class HttpBatchStore implements BatchStore {

  private static final TypeReference<Map<String, Object>> ROW = new TypeReference<>() {};

  private final HttpClient http =
      HttpClient.newBuilder()
          .version(HttpClient.Version.HTTP_1_1)
          .connectTimeout(Duration.ofSeconds(5))
          .build();
  private final String baseUrl;
  private final String authorization;
  private final JsonMapper json;

  HttpBatchStore(String baseUrl, String internalToken, JsonMapper json) {
    this.baseUrl = baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
    this.authorization = "Bearer " + internalToken;
    this.json = json;
  }

  @Override
  public void record(List<ResultRow> rows) {
    post("/internal/results", rows);
  }

  @Override
  public void recordRun(BatchRun run) {
    post("/internal/ledger/runs", run);
  }

  @Override
  public void recordEntries(List<LedgerEntry> entries) {
    post("/internal/ledger/entries", entries);
  }

  @Override
  public void append(List<BatchEvent> events) {
    post("/internal/events", events);
  }

  @Override
  public boolean claim(String batchId, String name) {
    String answer = post("/internal/claims", Map.of("batch_id", batchId, "name", name));
    return json.readTree(answer).path("claimed").asBoolean(false);
  }

  @Override
  public void stream(
      String query, Map<String, String> parameters, Consumer<Map<String, Object>> rows) {
    StringBuilder queryString = new StringBuilder();
    parameters.forEach(
        (name, value) ->
            queryString
                .append(queryString.length() == 0 ? "?" : "&")
                .append(URLEncoder.encode(name, StandardCharsets.UTF_8))
                .append('=')
                .append(URLEncoder.encode(value, StandardCharsets.UTF_8)));
    URI uri = URI.create(baseUrl + "/internal/query/" + query + queryString);
    HttpRequest request =
        HttpRequest.newBuilder(uri).header("Authorization", authorization).GET().build();
    try {
      HttpResponse<InputStream> response =
          http.send(request, HttpResponse.BodyHandlers.ofInputStream());
      try (BufferedReader lines =
          new BufferedReader(new InputStreamReader(response.body(), StandardCharsets.UTF_8))) {
        if (response.statusCode() != 200) {
          throw new ResultsStoreException(
              "query " + query + " answered " + response.statusCode() + " from " + baseUrl);
        }
        String line;
        while ((line = lines.readLine()) != null) {
          if (!line.isBlank()) {
            rows.accept(json.readValue(line, ROW));
          }
        }
      }
    } catch (IOException e) {
      throw new ResultsStoreException("query " + query + " failed: " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ResultsStoreException("interrupted reading " + query, e);
    }
  }

  /** POSTs the body as JSON; the answer's body once it is 2xx. */
  private String post(String path, Object body) {
    HttpRequest request =
        HttpRequest.newBuilder(URI.create(baseUrl + path))
            .header("Authorization", authorization)
            .header("Content-Type", "application/json")
            .timeout(Duration.ofSeconds(60))
            .POST(HttpRequest.BodyPublishers.ofByteArray(json.writeValueAsBytes(body)))
            .build();
    try {
      HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
      if (response.statusCode() / 100 != 2) {
        throw new ResultsStoreException(
            path + " answered " + response.statusCode() + ": " + response.body());
      }
      return response.body();
    } catch (IOException e) {
      throw new ResultsStoreException(path + " failed: " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ResultsStoreException("interrupted writing " + path, e);
    }
  }
}
