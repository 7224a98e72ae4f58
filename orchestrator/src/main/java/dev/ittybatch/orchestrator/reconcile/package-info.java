/** Settling a batch after the fact: jobs whose webhook never came, entries whose task is gone. */
package dev.ittybatch.orchestrator.reconcile;
