/**
 * One enqueue pass over a manifest: the ledger a chunk at a time, then its Cloud Tasks tasks, many
 * calls in flight, retries for transient errors, sharding; the queue settings it is bound to.
 */
package dev.ittybatch.orchestrator.enqueue;
