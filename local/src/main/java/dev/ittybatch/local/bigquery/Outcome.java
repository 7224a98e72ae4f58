package dev.ittybatch.local.bigquery;

/**
 * What a statement did, for the job's statistics.
 *
 * @param result the rows of a SELECT, else null
 * @param dmlRows rows a DML statement touched, else null
 * @param ddlOperation CREATE, SKIP, REPLACE or DROP for DDL, else null (JobStatistics2 reference)
 * @param target the table, view or (with a null table) dataset a DDL or DCL statement acted on
 */
record Outcome(
    String statementType, Result result, Long dmlRows, String ddlOperation, TableRef target) {

  static Outcome ddl(String type, String operation, TableRef target) {
    return new Outcome(type, null, null, operation, target);
  }
}
