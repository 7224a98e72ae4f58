package dev.ittybatch.local.gcs;

import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * A JSON API refusal: status, reason and message, the one place they are paired
 * (https://cloud.google.com/storage/docs/json_api/v1/status-codes). Bodies have no {@code status}
 * key: captures of Cloud Storage's JSON errors show none (reference section 9).
 */
final class GcsError extends RuntimeException {

  final int status;
  final String reason;

  private GcsError(int status, String reason, String message) {
    super(message);
    this.status = status;
    this.reason = reason;
  }

  static GcsError invalid(String message) {
    return new GcsError(400, "invalid", message);
  }

  static GcsError required(String message) {
    return new GcsError(401, "required", message);
  }

  static GcsError forbidden(String message) {
    return new GcsError(403, "forbidden", message);
  }

  static GcsError notFound(String message) {
    return new GcsError(404, "notFound", message);
  }

  /** Any failed precondition: "At least one of the pre-conditions you specified did not hold." */
  static GcsError conditionNotMet() {
    return new GcsError(
        412, "conditionNotMet", "At least one of the pre-conditions you specified did not hold.");
  }

  static GcsError rangeNotSatisfiable() {
    return new GcsError(416, "requestedRangeNotSatisfiable", "Request range not satisfiable");
  }

  byte[] body(JsonMapper json) {
    ObjectNode root = json.createObjectNode();
    ObjectNode error = root.putObject("error");
    error.put("code", status);
    error.put("message", getMessage());
    error
        .putArray("errors")
        .addObject()
        .put("message", getMessage())
        .put("domain", "global")
        .put("reason", reason);
    return json.writeValueAsBytes(root);
  }
}
