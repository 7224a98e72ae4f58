/**
 * A batch's life as a whole: paused, resumed or cancelled by its user (its queued tasks deleted by
 * name), its done and stuck notices, and the end of its reconciliation schedule.
 */
package dev.ittybatch.orchestrator.lifecycle;
