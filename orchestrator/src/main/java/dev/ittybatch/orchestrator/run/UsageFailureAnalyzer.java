package dev.ittybatch.orchestrator.run;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/** Turns a bad command line into Boot's short start-up report instead of a stack trace. */
class UsageFailureAnalyzer extends AbstractFailureAnalyzer<UsageException> {

  @Override
  protected FailureAnalysis analyze(Throwable rootFailure, UsageException cause) {
    return new FailureAnalysis(
        cause.getMessage(),
        "Run with --manifest=gs://bucket/manifest.jsonl [--batch-id=ID] [--concurrency=N]"
            + " [--skip-invalid] [--rejects=LOCATION] [--dry-run]",
        cause);
  }
}
