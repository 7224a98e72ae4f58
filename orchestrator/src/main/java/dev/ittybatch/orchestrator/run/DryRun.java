package dev.ittybatch.orchestrator.run;

import dev.ittybatch.common.manifest.ManifestException;
import dev.ittybatch.common.manifest.ManifestReader;
import dev.ittybatch.common.manifest.ManifestReport;
import dev.ittybatch.orchestrator.manifest.ManifestFiles;
import dev.ittybatch.orchestrator.manifest.ManifestUnavailableException;
import java.io.PrintStream;

/**
 * {@code --dry-run}: "is my manifest right?" before anything is uploaded or enqueued. It reads the
 * manifest and nothing else (no queue, ledger, BigQuery or project), so it runs without Spring and
 * without a single variable set: the counts per kind on stdout, each problem on stderr as {@code
 * file:line: reason}, exit 0, or 2 when a line is invalid (unless {@code --skip-invalid}).
 */
final class DryRun {

  static final int ERRORS_LISTED = 50;

  private DryRun() {}

  static int run(RunOptions options, ManifestFiles files, PrintStream out, PrintStream err) {
    ManifestReport report;
    try (ManifestReader reader =
        ManifestReader.open(files.open(options.manifest()), options.manifest())) {
      report = ManifestReport.of(reader, ERRORS_LISTED);
    } catch (ManifestException | ManifestUnavailableException e) {
      err.println(e.getMessage());
      return ExitCodes.INVALID_MANIFEST;
    }
    err.print(report.problems());
    out.print(report.summary());
    out.println("Dry run: nothing was enqueued.");
    return report.invalid() > 0 && !options.skipInvalid()
        ? ExitCodes.INVALID_MANIFEST
        : ExitCodes.OK;
  }
}
