package dev.ittybatch.local.bigquery;

/**
 * A role granted by a GRANT statement, as recorded: for the deploy rehearsal to compare with the
 * calls each identity makes.
 *
 * @param resource the dataset or table, in {@link dev.ittybatch.local.iam.Resources} form
 * @param role e.g. {@code roles/bigquery.dataEditor}
 * @param member e.g. {@code serviceAccount:x@p.iam.gserviceaccount.com}
 */
public record Grant(String resource, String role, String member) {}
