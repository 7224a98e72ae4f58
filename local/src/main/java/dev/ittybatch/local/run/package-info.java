/** The one command: start everything, run a batch, show progress, print the summary, stop. */
package dev.ittybatch.local.run;
