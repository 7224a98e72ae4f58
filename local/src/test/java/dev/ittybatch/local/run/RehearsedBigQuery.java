package dev.ittybatch.local.run;

import com.google.cloud.bigquery.BigQuery;
import com.google.cloud.bigquery.BigQueryException;
import com.google.cloud.bigquery.DatasetInfo;
import com.google.cloud.bigquery.JobId;
import com.google.cloud.bigquery.QueryJobConfiguration;
import com.google.cloud.bigquery.QueryParameterValue;
import com.google.cloud.bigquery.TableResult;
import dev.ittybatch.local.deploy.Command;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.util.List;

/**
 * {@code bq} as the operator runs it, on the BigQuery stand-in: {@code mk --dataset} in its {@code
 * --location}, {@code query} with the statement on stdin (a file of the repository) or as its last
 * argument, its {@code --parameter}s and {@code --location}; {@code show} reads nothing the
 * stand-in keeps, and {@code add-iam-policy-binding} is a grant ({@code SetupGrants}).
 */
final class RehearsedBigQuery {

  private final Rehearsal rehearsal;

  RehearsedBigQuery(Rehearsal rehearsal) {
    this.rehearsal = rehearsal;
  }

  void perform(Command command) {
    List<String> path = command.positionals();
    if (path.get(0).equals("show")) {
      return;
    }
    BigQuery bigQuery = rehearsal.cloud.bigQuery(LocalAccounts.OPERATOR);
    if (path.get(0).equals("mk") && command.has("--dataset")) {
      String[] id = path.get(1).split(":");
      try {
        bigQuery.create(
            DatasetInfo.newBuilder(id[0], id[1])
                .setLocation(command.requiredFlag("--location"))
                .build());
      } catch (BigQueryException e) {
        if (e.getCode() != 409) {
          throw e;
        }
      }
    } else if (path.get(0).equals("query")) {
      query(command);
    } else if (!path.get(0).equals("add-iam-policy-binding")) {
      throw new IllegalStateException("the rehearsal cannot play " + command);
    }
  }

  /** {@code bq query}: the statement on stdin or as its last argument, as the operator. */
  TableResult query(Command command) {
    String sql;
    try {
      sql =
          command.stdin() != null
              ? Files.readString(Rehearsal.ROOT.resolve(command.stdin()))
              : command.positionals().get(command.positionals().size() - 1);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    QueryJobConfiguration.Builder query =
        QueryJobConfiguration.newBuilder(sql).setUseLegacySql(false);
    for (String word : command.words()) {
      if (word.startsWith("--parameter=")) {
        String[] parameter = word.substring(12).split(":", 3);
        query.addNamedParameter(parameter[0], QueryParameterValue.string(parameter[2]));
      }
    }
    JobId.Builder job = JobId.newBuilder();
    command.flag("--location").ifPresent(job::setLocation);
    try {
      return rehearsal.cloud.bigQuery(LocalAccounts.OPERATOR).query(query.build(), job.build());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(command.where() + ": interrupted", e);
    }
  }
}
