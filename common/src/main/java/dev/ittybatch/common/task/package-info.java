/** The body of a Cloud Tasks task: what the orchestrator sends and the task handler reads. */
package dev.ittybatch.common.task;
