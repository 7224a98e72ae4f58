package dev.ittybatch.orchestrator.preflight;

/** The way out of each refusal the task-handler can record for the preflight's entry. */
final class Fixes {

  private Fixes() {}

  static String forRefusal(String errorKind) {
    if (errorKind == null) {
      return "see the task-handler's log";
    }
    return switch (errorKind) {
      case "object_not_found", "invalid_path" ->
          "the first entry's file is not there: check its path";
      case "signing_setup" ->
          "the task-handler may not read or sign: grant its account roles/storage.objectViewer on"
              + " the media bucket and roles/iam.serviceAccountTokenCreator on itself";
      case "request_invalid", "url_required", "format_unsupported", "invalid_input" ->
          "Ittybit refuses the request: check the entry's options against Ittybit's reference,"
              + " and leave JOB_WEBHOOK_URL off unless this account's Ittybit takes webhook_url";
      case "token_invalid", "token_missing", "http_401" ->
          "the task-handler's key is refused: export ITTYBIT_API_KEY and run deploy/deploy.sh setup";
      case "payment_required", "http_402" -> "Ittybit wants payment on this account";
      case "project_required", "http_403" -> "the key's project may not create jobs";
      case "idempotency_conflict" -> "run the preflight again: it uses a new key each time";
      default -> "see the task-handler's log for " + errorKind;
    };
  }
}
