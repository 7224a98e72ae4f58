/**
 * The status page of a batch, with its CSV and JSON exports: server-side HTML and inline SVG, read
 * by query jobs of {@code sql/queries} ({@code BatchQueries}), the same against BigQuery and its
 * stand-in on one machine.
 */
package dev.ittybatch.orchestrator.status;
