package dev.ittybatch.common.ittybit;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/** The body of Ittybit's {@code POST /jobs}. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record CreateJobRequest(
    String input,
    String kind,
    JsonNode options,
    @JsonProperty("webhook_url") String webhookUrl,
    Map<String, String> metadata) {}
