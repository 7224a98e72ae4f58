package dev.ittybatch.taskhandler.results;

import dev.ittybatch.common.results.ResultRow;
import dev.ittybatch.common.results.ResultsStore;
import dev.ittybatch.common.results.ResultsStoreException;
import java.util.List;
import org.springframework.http.MediaType;
import org.springframework.web.client.RestClient;
import org.springframework.web.client.RestClientException;

/**
 * Records rows through the webhook-handler's {@code /internal/results}: locally the DuckDB file has
 * one owner, the webhook-handler, and no other process may open it. Returns once the owner confirms
 * the rows are stored.
 */
class HttpResultsStore implements ResultsStore {

  private final RestClient http;

  /**
   * @param http a client with the webhook-handler's base URL and the internal bearer token set
   */
  HttpResultsStore(RestClient http) {
    this.http = http;
  }

  @Override
  public void record(List<ResultRow> rows) {
    try {
      http.post()
          .uri("/internal/results")
          .contentType(MediaType.APPLICATION_JSON)
          .body(rows)
          .retrieve()
          .toBodilessEntity();
    } catch (RestClientException e) {
      throw new ResultsStoreException(
          "the results owner did not store the rows: " + e.getMessage(), e);
    }
  }
}
