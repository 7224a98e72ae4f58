/**
 * A BigQuery stand-in: the v2 REST API google-cloud-bigquery calls, on loopback, kept in a DuckDB
 * file (one schema per dataset), with GoogleSQL translated to DuckDB's in one place.
 */
package dev.ittybatch.local.bigquery;
