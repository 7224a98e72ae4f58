package dev.ittybatch.orchestrator.run;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/**
 * A bad command line given to the orchestrator started inside another process (the local run):
 * Boot's short report with the usage instead of a stack trace. From its jar, {@code main} answers a
 * usage error before Spring starts.
 */
class UsageFailureAnalyzer extends AbstractFailureAnalyzer<UsageException> {

  @Override
  protected FailureAnalysis analyze(Throwable rootFailure, UsageException cause) {
    return new FailureAnalysis(cause.getMessage(), OrchestratorUsage.USAGE.render(), cause);
  }
}
