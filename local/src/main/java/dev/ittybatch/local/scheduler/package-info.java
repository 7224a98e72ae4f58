/**
 * A Cloud Scheduler stand-in: the jobs a deployment's {@code run} creates, and the one method the
 * orchestrator calls on them (a done batch's pass deletes its own schedule), checked against the
 * grants.
 */
package dev.ittybatch.local.scheduler;
