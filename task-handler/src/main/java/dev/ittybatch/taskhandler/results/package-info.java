/** The results-store adapter for a local run: rows sent to the webhook-handler that owns DuckDB. */
package dev.ittybatch.taskhandler.results;
