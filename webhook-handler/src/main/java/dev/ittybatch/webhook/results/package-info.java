/** The local DuckDB store, the shared SQL run on it, and the endpoints that front it. */
package dev.ittybatch.webhook.results;
