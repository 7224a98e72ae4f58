package dev.ittybatch.local.bigquery;

import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * A refusal in BigQuery's terms: a reason and a message, answered as an HTTP error in BigQuery's
 * JSON shape ({@link #body}) or kept as a failed job's {@code errorResult}.
 */
final class ApiError extends RuntimeException {

  final Reason reason;
  final String location;

  ApiError(Reason reason, String message) {
    this(reason, message, null);
  }

  ApiError(Reason reason, String message, String location) {
    super(message);
    this.reason = reason;
    this.location = location;
  }

  static ApiError notFound(String message) {
    return new ApiError(Reason.NOT_FOUND, "Not found: " + message);
  }

  static ApiError invalid(String message) {
    return new ApiError(Reason.INVALID, message);
  }

  static ApiError invalidQuery(String message) {
    return new ApiError(Reason.INVALID_QUERY, message);
  }

  /** ErrorProto: {@code {reason, location?, message}}. */
  ObjectNode proto(JsonMapper json) {
    ObjectNode proto = json.createObjectNode();
    proto.put("reason", reason.wire);
    if (location != null) {
      proto.put("location", location);
    }
    proto.put("message", getMessage());
    return proto;
  }

  /**
   * {@code {"error":{"code","message","errors":[{message,domain,reason}],"status"}}}: the body
   * google-cloud-bigquery reads the reason from (reference section 7; a plain-text body leaves the
   * client without one, goccy/bigquery-emulator#54).
   */
  byte[] body(JsonMapper json) {
    ObjectNode root = json.createObjectNode();
    ObjectNode error = root.putObject("error");
    error.put("code", reason.status);
    error.put("message", getMessage());
    ObjectNode item = error.putArray("errors").addObject();
    item.put("message", getMessage());
    item.put("domain", "global");
    item.put("reason", reason.wire);
    if (location != null) {
      item.put("location", location);
    }
    error.put("status", reason.statusName);
    return json.writeValueAsBytes(root);
  }
}
