/** The command line: options, the validate-then-enqueue run, progress and exit codes. */
package dev.ittybatch.orchestrator.run;
