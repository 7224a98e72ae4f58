package dev.ittybatch.local.bigquery;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.cloud.bigquery.BigQuery;
import com.google.cloud.bigquery.DatasetInfo;
import com.google.cloud.bigquery.FieldValue;
import com.google.cloud.bigquery.FieldValueList;
import com.google.cloud.bigquery.InsertAllRequest;
import com.google.cloud.bigquery.QueryJobConfiguration;
import com.google.cloud.bigquery.TableId;
import com.google.cloud.bigquery.TableResult;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * GoogleSQL where DuckDB would answer otherwise: what each query gives here is what the GoogleSQL
 * reference says it gives (functions-all, query-syntax, lexical).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DialectTest {

  StandIns standIns;
  BigQuery bigQuery;

  @BeforeAll
  void start(@TempDir Path dir) throws Exception {
    standIns = new StandIns(dir);
    bigQuery = standIns.bigQuery(StandIns.ORCHESTRATOR);
    bigQuery.create(DatasetInfo.newBuilder("ds").build());
    bigQuery.query(
        QueryJobConfiguration.newBuilder("CREATE TABLE ds.numbers (n INT64, label STRING)")
            .build());
    InsertAllRequest.Builder rows = InsertAllRequest.newBuilder(TableId.of("ds", "numbers"));
    for (int n = 1; n <= 3; n++) {
      rows.addRow(Map.of("n", n, "label", "n" + n));
    }
    bigQuery.insertAll(rows.build());
  }

  @AfterAll
  void stop() {
    standIns.close();
  }

  FieldValue value(String sql) throws Exception {
    return bigQuery
        .query(QueryJobConfiguration.newBuilder(sql).build())
        .getValues()
        .iterator()
        .next()
        .get(0);
  }

  List<String> column(String sql) throws Exception {
    TableResult result = bigQuery.query(QueryJobConfiguration.newBuilder(sql).build());
    List<String> values = new ArrayList<>();
    for (FieldValueList row : result.iterateAll()) {
      values.add(row.get(0).isNull() ? null : row.get(0).getStringValue());
    }
    return values;
  }

  @Test
  void countifOverNoRowsIsZero() throws Exception {
    assertThat(value("SELECT COUNTIF(n > 100) FROM ds.numbers").getLongValue()).isZero();
    assertThat(value("SELECT COUNTIF(n > 1) FROM ds.numbers").getLongValue()).isEqualTo(2);
  }

  @Test
  void greatestLeastAndConcatAreNullWhenAnyArgumentIs() throws Exception {
    assertThat(value("SELECT GREATEST(1, NULL)").isNull()).isTrue();
    assertThat(value("SELECT LEAST(2, 1, 3)").getLongValue()).isEqualTo(1);
    assertThat(value("SELECT CONCAT('a', NULL)").isNull()).isTrue();
    assertThat(value("SELECT CONCAT('gs://', 'b', '/', 'k')").getStringValue())
        .isEqualTo("gs://b/k");
  }

  @Test
  void nullsSortFirstAscendingAndLastDescending() throws Exception {
    String rows = "(SELECT label FROM ds.numbers UNION ALL SELECT NULL)";
    assertThat(column("SELECT label FROM " + rows + " ORDER BY label"))
        .containsExactly(null, "n1", "n2", "n3");
    assertThat(column("SELECT label FROM " + rows + " ORDER BY label DESC"))
        .containsExactly("n3", "n2", "n1", null);
  }

  @Test
  void stringsOfEveryQuotingAreStrings() throws Exception {
    assertThat(value("SELECT \"it's\"").getStringValue()).isEqualTo("it's");
    assertThat(value("SELECT 'tab\\there'").getStringValue()).isEqualTo("tab\there");
    assertThat(value("SELECT r'\\d+'").getStringValue()).isEqualTo("\\d+");
    assertThat(value("SELECT '''three\nlines'''").getStringValue()).isEqualTo("three\nlines");
  }

  @Test
  void tablesAreNamedEveryWayGoogleSqlNamesThem() throws Exception {
    assertThat(value("SELECT COUNT(*) FROM `local-project.ds.numbers`").getLongValue())
        .isEqualTo(3);
    assertThat(value("SELECT COUNT(*) FROM local-project.ds.numbers").getLongValue()).isEqualTo(3);
    assertThat(value("SELECT COUNT(*) FROM `local-project`.ds.`numbers`").getLongValue())
        .isEqualTo(3);
    assertThat(value("SELECT COUNT(*) FROM ds.numbers AS a, ds.numbers b").getLongValue())
        .isEqualTo(9);
    assertThat(value("WITH numbers AS (SELECT 1 AS n) SELECT COUNT(*) FROM numbers").getLongValue())
        .isEqualTo(1);
    assertThat(value("SELECT COUNT(*) FROM ds.numbers WHERE n IS DISTINCT FROM 1").getLongValue())
        .isEqualTo(2);
  }

  @Test
  void castsExceptQualifyAndTheShimsBehaveAsInGoogleSql() throws Exception {
    assertThat(value("SELECT SAFE_CAST('x' AS INT64)").isNull()).isTrue();
    assertThat(value("SELECT CAST('5' AS INT64) + 1").getLongValue()).isEqualTo(6);
    assertThat(value("SELECT CAST(n AS STRING) FROM ds.numbers WHERE n = 2").getStringValue())
        .isEqualTo("2");
    assertThat(
            bigQuery
                .query(
                    QueryJobConfiguration.newBuilder("SELECT * EXCEPT (n) FROM ds.numbers").build())
                .getSchema()
                .getFields())
        .extracting(f -> f.getName())
        .containsExactly("label");
    assertThat(
            value(
                    "SELECT label FROM ds.numbers WHERE TRUE QUALIFY ROW_NUMBER() OVER (ORDER BY n DESC) = 1")
                .getStringValue())
        .isEqualTo("n3");
    assertThat(value("SELECT DIV(7, 2)").getLongValue()).isEqualTo(3);
    assertThat(value("SELECT SAFE_DIVIDE(1, 0)").isNull()).isTrue();
    assertThat(
            value("SELECT IF(1 > 0, 'yes', 'no') -- a comment\n# another\n/* and a block */")
                .getStringValue())
        .isEqualTo("yes");
  }
}
