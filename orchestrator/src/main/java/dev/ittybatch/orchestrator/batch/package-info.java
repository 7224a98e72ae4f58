/**
 * The batch's bookkeeping as the orchestrator sees it: the ledger it writes before creating tasks,
 * and the state of every entry it reads back to skip, re-drive and reconcile. {@link
 * dev.ittybatch.orchestrator.batch.BatchStore} is the port, on BigQuery and Cloud Storage (or their
 * stand-ins); {@link dev.ittybatch.orchestrator.batch.BatchQueries} its read side.
 */
package dev.ittybatch.orchestrator.batch;
