package dev.ittybatch.local.bigquery;

/**
 * BigQuery's error reasons, each with the HTTP status and status name it travels with: the one
 * place status codes are decided. Table of https://cloud.google.com/bigquery/docs/error-messages
 * (also the mapping in goccy/bigquery-emulator {@code server/error.go}).
 */
enum Reason {
  INVALID("invalid", 400, "INVALID_ARGUMENT"),
  INVALID_QUERY("invalidQuery", 400, "INVALID_ARGUMENT"),
  BAD_REQUEST("badRequest", 400, "INVALID_ARGUMENT"),
  REQUIRED("required", 401, "UNAUTHENTICATED"),
  ACCESS_DENIED("accessDenied", 403, "PERMISSION_DENIED"),
  NOT_FOUND("notFound", 404, "NOT_FOUND"),
  DUPLICATE("duplicate", 409, "ALREADY_EXISTS"),
  INTERNAL_ERROR("internalError", 500, "INTERNAL"),
  // insertAll: a valid row not written because another row of its request was invalid.
  STOPPED("stopped", 200, "OK");

  final String wire;
  final int status;
  final String statusName;

  Reason(String wire, int status, String statusName) {
    this.wire = wire;
    this.status = status;
    this.statusName = statusName;
  }
}
