package dev.ittybatch.taskhandler.results;

import dev.ittybatch.common.events.BatchEvent;
import dev.ittybatch.common.events.EventLog;
import dev.ittybatch.common.results.ResultsStoreException;
import java.util.List;
import org.springframework.http.MediaType;
import org.springframework.web.client.RestClient;
import org.springframework.web.client.RestClientException;

/** Batch events through the webhook-handler's {@code /internal/events}, as rows go: locally. */
class HttpEventLog implements EventLog {

  private final RestClient http;

  HttpEventLog(RestClient http) {
    this.http = http;
  }

  @Override
  public void append(List<BatchEvent> events) {
    try {
      http.post()
          .uri("/internal/events")
          .contentType(MediaType.APPLICATION_JSON)
          .body(events)
          .retrieve()
          .toBodilessEntity();
    } catch (RestClientException e) {
      throw new ResultsStoreException(
          "the results owner did not store the events: " + e.getMessage(), e);
    }
  }
}
