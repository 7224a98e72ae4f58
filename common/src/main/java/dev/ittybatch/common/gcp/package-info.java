/**
 * Every component's Google clients in one place: the project, the dataset's location, the emulator
 * endpoints and the identity named to them, and the BigQuery row path, as one auto-configuration.
 */
package dev.ittybatch.common.gcp;
