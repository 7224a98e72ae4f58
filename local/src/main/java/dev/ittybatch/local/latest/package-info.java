/**
 * The accelerator of {@code task_results_latest} for the BigQuery stand-in: the view kept as a
 * table, brought up to date incrementally by the view's own SQL.
 */
package dev.ittybatch.local.latest;
