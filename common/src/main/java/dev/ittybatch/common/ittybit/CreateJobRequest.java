package dev.ittybatch.common.ittybit;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/**
 * The body of Ittybit's {@code POST /jobs}. The reference (https://ittybit.com/api/create-job)
 * lists input, kind, options, output and metadata; {@code webhook_url} is the older per-job field,
 * null (and so absent) unless a deployment asks for it. The field order is fixed, and with no
 * output it is the order earlier versions of this project sent: the same entry's request is the
 * same bytes under its idempotency key.
 *
 * @param output an S3 destination ({@code s3://bucket/key}), or null for Ittybit's own storage
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record CreateJobRequest(
    String input,
    String kind,
    JsonNode options,
    String output,
    @JsonProperty("webhook_url") String webhookUrl,
    Map<String, String> metadata) {}
