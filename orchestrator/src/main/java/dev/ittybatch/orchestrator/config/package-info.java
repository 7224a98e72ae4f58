/** Typed configuration from the environment, and the Google Cloud clients built from it. */
package dev.ittybatch.orchestrator.config;
