package dev.ittybatch.taskhandler.dispatch;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

/** The 200 answer: what became of the entry. */
@JsonInclude(JsonInclude.Include.NON_NULL)
record DispatchResult(
    @JsonProperty("outcome") String outcome,
    @JsonProperty("job_id") String jobId,
    @JsonProperty("error_kind") String errorKind,
    @JsonProperty("message") String message) {}
