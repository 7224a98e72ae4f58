/** The orchestrator: a Cloud Run job that turns a manifest into one Cloud Tasks task per entry. */
package dev.ittybatch.orchestrator;
