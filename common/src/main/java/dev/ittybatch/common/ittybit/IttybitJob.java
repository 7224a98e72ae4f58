package dev.ittybatch.common.ittybit;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import tools.jackson.databind.JsonNode;

/**
 * A job as Ittybit returns it. Only {@code id} is relied on; the rest is kept loosely typed because
 * the documented shapes of {@code output}, {@code error} and the timestamps differ between pages.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record IttybitJob(
    String id,
    String status,
    String kind,
    JsonNode output,
    JsonNode error,
    @JsonProperty("created_at") JsonNode createdAt,
    @JsonProperty("finished_at") JsonNode finishedAt) {}
