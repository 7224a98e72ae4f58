package dev.ittybatch.orchestrator.batch;

import com.google.cloud.bigquery.BigQuery;
import com.google.cloud.bigquery.BigQueryException;
import com.google.cloud.bigquery.DatasetId;
import com.google.cloud.bigquery.Field;
import com.google.cloud.bigquery.FieldValue;
import com.google.cloud.bigquery.FieldValueList;
import com.google.cloud.bigquery.JobId;
import com.google.cloud.bigquery.QueryJobConfiguration;
import com.google.cloud.bigquery.QueryParameterValue;
import com.google.cloud.bigquery.StandardSQLTypeName;
import com.google.cloud.bigquery.TableResult;
import dev.ittybatch.common.results.ResultsStoreException;
import dev.ittybatch.common.sql.SqlScripts;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The queries of {@code sql/queries} as BigQuery query jobs with named parameters (the values never
 * become SQL text), in the configured dataset and its location; result pages are fetched as they
 * are iterated. Cells come back as {@link Long}, {@link Double}, {@link Boolean}, {@link
 * java.time.Instant} or {@link String}.
 */
final class BigQueryQueries implements BatchQueries {

  private final BigQuery bigQuery;
  private final DatasetId dataset;
  private final String location;

  BigQueryQueries(BigQuery bigQuery, DatasetId dataset, String location) {
    this.bigQuery = bigQuery;
    this.dataset = dataset;
    this.location = location;
  }

  @Override
  public void stream(
      String query, Map<String, String> parameters, Consumer<Map<String, Object>> rows) {
    // The files name the dataset "ittybatch"; here it is the configured one, as the default.
    String sql = SqlScripts.query(query).replace("ittybatch.", "");
    QueryJobConfiguration.Builder config =
        QueryJobConfiguration.newBuilder(sql).setDefaultDataset(dataset).setUseLegacySql(false);
    // Only the parameters the query names: BigQuery refuses one it does not use.
    for (String name : new LinkedHashSet<>(SqlScripts.positional(sql).parameters())) {
      if (!parameters.containsKey(name)) {
        throw new IllegalArgumentException(query + " needs parameter " + name);
      }
      config.addNamedParameter(name, QueryParameterValue.string(parameters.get(name)));
    }
    try {
      TableResult result =
          bigQuery.query(config.build(), JobId.newBuilder().setLocation(location).build());
      List<Field> fields = result.getSchema().getFields();
      for (FieldValueList row : result.iterateAll()) {
        Map<String, Object> map = new LinkedHashMap<>();
        for (int i = 0; i < fields.size(); i++) {
          map.put(fields.get(i).getName(), value(fields.get(i), row.get(i)));
        }
        rows.accept(map);
      }
    } catch (BigQueryException e) {
      throw new ResultsStoreException("query " + query + " failed: " + e, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ResultsStoreException("interrupted running " + query, e);
    }
  }

  private static Object value(Field field, FieldValue value) {
    if (value == null || value.isNull()) {
      return null;
    }
    StandardSQLTypeName type = field.getType().getStandardType();
    return switch (type) {
      case INT64 -> value.getLongValue();
      case FLOAT64, NUMERIC -> value.getDoubleValue();
      case BOOL -> value.getBooleanValue();
      case TIMESTAMP -> value.getTimestampInstant();
      default -> value.getStringValue();
    };
  }
}
