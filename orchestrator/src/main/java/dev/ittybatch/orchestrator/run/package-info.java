/** The command line: options, which mode a run is, and the exit code each outcome gets. */
package dev.ittybatch.orchestrator.run;
