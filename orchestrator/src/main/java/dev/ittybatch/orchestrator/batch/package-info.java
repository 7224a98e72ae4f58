/**
 * The batch's bookkeeping as the orchestrator sees it: the ledger it writes before creating tasks,
 * and the state of every entry it reads back to skip, re-drive and reconcile. {@link
 * dev.ittybatch.orchestrator.batch.BatchStore} is the port: BigQuery in production, the local
 * webhook-handler (which owns the DuckDB file) on one machine.
 */
package dev.ittybatch.orchestrator.batch;
