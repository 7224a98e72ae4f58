/** Creating Cloud Tasks tasks: many calls in flight, retries for transient errors, sharding. */
package dev.ittybatch.orchestrator.enqueue;
