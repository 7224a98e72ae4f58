/**
 * The batch ledger's rows: what the orchestrator meant to process ({@code
 * sql/bigquery/03_batch_ledger.sql}).
 */
package dev.ittybatch.common.ledger;
