package dev.ittybatch.local.run;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.HttpHeaders;
import org.springframework.http.client.JdkClientHttpRequestFactory;
import org.springframework.web.client.RestClient;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/** Reads a batch's numbers from the webhook-handler's internal endpoints, which own the store. */
public final class ResultsReader {

  private static final ParameterizedTypeReference<Map<String, Object>> MAP =
      new ParameterizedTypeReference<>() {};

  private static final JsonMapper JSON = JsonMapper.builder().build();
  private static final TypeReference<Map<String, Object>> ROW = new TypeReference<>() {};

  private final RestClient client;

  ResultsReader(String webhookBase, String internalToken) {
    this.client =
        RestClient.builder()
            // Not the pooled Apache client: its default strategy re-sends on 503 + Retry-After.
            .requestFactory(new JdkClientHttpRequestFactory())
            .baseUrl(webhookBase)
            .defaultHeader(HttpHeaders.AUTHORIZATION, "Bearer " + internalToken)
            .build();
  }

  /** The webhook-handler's {@code /progress} for a batch. */
  public Map<String, Object> progress(String batchId) {
    return client.get().uri("/progress?batch_id={batch}", batchId).retrieve().body(MAP);
  }

  /** Every query of {@code sql/queries} for a batch, run by the webhook-handler on its store. */
  public Map<String, Object> reports(String batchId) {
    return client.get().uri("/reports?batch_id={batch}", batchId).retrieve().body(MAP);
  }

  /** A query of {@code sql/queries} for a batch, every row (for tests and small batches). */
  public List<Map<String, Object>> query(String name, String batchId) {
    String lines =
        client
            .get()
            .uri("/internal/query/{name}?batch_id={batch}", name, batchId)
            .retrieve()
            .body(String.class);
    List<Map<String, Object>> rows = new ArrayList<>();
    for (String line : lines == null ? new String[0] : lines.split("\n")) {
      if (!line.isBlank()) {
        rows.add(JSON.readValue(line, ROW));
      }
    }
    return rows;
  }
}
