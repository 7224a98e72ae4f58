/**
 * The status page of a batch, with its CSV and JSON exports: server-side HTML and inline SVG, read
 * through the batch store and the queries of {@code sql/queries}, the same on one machine (DuckDB)
 * and against BigQuery.
 */
package dev.ittybatch.orchestrator.status;
