package dev.ittybatch.orchestrator.preflight;

import dev.ittybatch.common.logging.Redaction;
import java.io.PrintStream;

/** The preflight's lines: each step OK, FAILED (with the fix) or SKIPPED, as it is decided. */
final class Report {

  private final PrintStream out;
  private int failed;
  private int steps;

  Report(PrintStream out) {
    this.out = out;
  }

  void ok(String step, String detail) {
    line("OK     ", step, detail);
  }

  void skipped(String step, String why) {
    line("SKIPPED", step, why);
  }

  void failed(String step, String detail, String fix) {
    failed++;
    line("FAILED ", step, detail);
    out.println("           fix: " + Redaction.scrub(fix));
  }

  private void line(String status, String step, String detail) {
    steps++;
    out.println("  " + status + "  " + step + ": " + Redaction.scrub(detail));
    out.flush();
  }

  boolean allPassed() {
    return failed == 0;
  }

  String summary() {
    return failed == 0
        ? "Preflight: every check passed (" + steps + ")."
        : "Preflight: " + failed + " of " + steps + " checks FAILED; fix them before a big batch.";
  }
}
