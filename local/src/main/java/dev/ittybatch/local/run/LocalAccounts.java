package dev.ittybatch.local.run;

/**
 * The accounts of a local run, named as {@code deploy.sh} names them in a project: each component
 * names its own to the stand-ins ({@code EMULATOR_IDENTITY}), as on Cloud Run its calls carry its
 * runtime service account, so the call log says who did what.
 */
final class LocalAccounts {

  static final String ORCHESTRATOR = account("ittybatch-orchestrator");
  static final String TASK_HANDLER = account("ittybatch-task-handler");
  static final String WEBHOOK = account("ittybatch-webhook");
  static final String INVOKER = account("ittybatch-tasks-invoker");

  /**
   * Whoever runs {@code deploy.sh}: setup, the preflight and the webhook's registration on their
   * own machine, and the status page, with their own credentials.
   */
  static final String OPERATOR = "operator@example.com";

  private LocalAccounts() {}

  private static String account(String name) {
    return name + "@" + LocalPipeline.PROJECT + ".iam.gserviceaccount.com";
  }
}
