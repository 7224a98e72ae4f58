/** The production results store: BigQuery's streaming insertAll, micro-batched. */
package dev.ittybatch.common.results.bigquery;
