/** Typed configuration from the environment; each client is built beside the feature using it. */
package dev.ittybatch.orchestrator.config;
