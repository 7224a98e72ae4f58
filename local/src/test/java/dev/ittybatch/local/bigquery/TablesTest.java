package dev.ittybatch.local.bigquery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.cloud.bigquery.BigQuery;
import com.google.cloud.bigquery.BigQueryException;
import com.google.cloud.bigquery.Clustering;
import com.google.cloud.bigquery.DatasetInfo;
import com.google.cloud.bigquery.Field;
import com.google.cloud.bigquery.FieldValueList;
import com.google.cloud.bigquery.InsertAllRequest;
import com.google.cloud.bigquery.LegacySQLTypeName;
import com.google.cloud.bigquery.Schema;
import com.google.cloud.bigquery.StandardSQLTypeName;
import com.google.cloud.bigquery.StandardTableDefinition;
import com.google.cloud.bigquery.Table;
import com.google.cloud.bigquery.TableDefinition;
import com.google.cloud.bigquery.TableId;
import com.google.cloud.bigquery.TableInfo;
import com.google.cloud.bigquery.TableResult;
import com.google.cloud.bigquery.TimePartitioning;
import com.google.cloud.bigquery.ViewDefinition;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** datasets and tables through the API rather than DDL, and tabledata.list of a table. */
class TablesTest {

  @TempDir Path dir;
  StandIns standIns;
  BigQuery bigQuery;

  @BeforeEach
  void start() throws Exception {
    standIns = new StandIns(dir);
    bigQuery = standIns.bigQuery(StandIns.ORCHESTRATOR);
    bigQuery.create(DatasetInfo.newBuilder("ds").setLocation("europe-west1").build());
  }

  @AfterEach
  void stop() {
    standIns.close();
  }

  @Test
  void aDatasetKeepsItsLocationAndASecondOneOfTheNameIs409() {
    assertThat(bigQuery.getDataset("ds").getLocation()).isEqualTo("europe-west1");
    assertThat(bigQuery.getDataset("nope")).isNull();
    assertThatThrownBy(() -> bigQuery.create(DatasetInfo.newBuilder("ds").build()))
        .isInstanceOfSatisfying(
            BigQueryException.class,
            e -> {
              assertThat(e.getCode()).isEqualTo(409);
              assertThat(e.getReason()).isEqualTo("duplicate");
              assertThat(e.getMessage()).isEqualTo("Already Exists: Dataset local-project:ds");
            });
  }

  @Test
  void aTableMadeFromASchemaIsListedPageByPage() {
    Schema schema =
        Schema.of(
            Field.newBuilder("id", StandardSQLTypeName.STRING)
                .setMode(Field.Mode.REQUIRED)
                .setDescription("the key")
                .build(),
            Field.of("n", StandardSQLTypeName.INT64),
            Field.of("at", StandardSQLTypeName.TIMESTAMP));
    TableId id = TableId.of("ds", "things");
    bigQuery.create(
        TableInfo.of(
            id,
            StandardTableDefinition.newBuilder()
                .setSchema(schema)
                .setTimePartitioning(
                    TimePartitioning.newBuilder(TimePartitioning.Type.DAY).setField("at").build())
                .setClustering(Clustering.newBuilder().setFields(List.of("id")).build())
                .build()));
    Table table = bigQuery.getTable(id);
    StandardTableDefinition definition = table.getDefinition();
    assertThat(definition.getSchema().getFields())
        .extracting(Field::getName)
        .containsExactly("id", "n", "at");
    assertThat(definition.getSchema().getFields().get(0).getDescription()).isEqualTo("the key");
    assertThat(definition.getSchema().getFields().get(1).getType())
        .isEqualTo(LegacySQLTypeName.INTEGER);
    assertThat(definition.getTimePartitioning().getField()).isEqualTo("at");
    assertThat(definition.getClustering().getFields()).containsExactly("id");
    InsertAllRequest.Builder rows = InsertAllRequest.newBuilder(id);
    for (int n = 0; n < 5; n++) {
      rows.addRow(Map.of("id", "k" + n, "n", n));
    }
    bigQuery.insertAll(rows.build());
    assertThat(bigQuery.getTable(id).getNumRows().longValue()).isEqualTo(5);
    TableResult first =
        bigQuery.listTableData(id, schema, BigQuery.TableDataListOption.pageSize(2));
    List<Long> numbers = new ArrayList<>();
    for (FieldValueList row : first.iterateAll()) {
      numbers.add(row.get("n").getLongValue());
    }
    assertThat(numbers).containsExactly(0L, 1L, 2L, 3L, 4L);
    assertThat(first.getValues()).hasSize(2);
    assertThatThrownBy(() -> bigQuery.create(TableInfo.of(id, StandardTableDefinition.of(schema))))
        .isInstanceOfSatisfying(
            BigQueryException.class, e -> assertThat(e.getCode()).isEqualTo(409));
  }

  @Test
  void badSchemasAreRefused() {
    assertThatThrownBy(
            () ->
                bigQuery.create(
                    TableInfo.of(
                        TableId.of("ds", "t"),
                        StandardTableDefinition.of(
                            Schema.of(Field.of("bad name", StandardSQLTypeName.STRING))))))
        .isInstanceOfSatisfying(
            BigQueryException.class,
            e -> assertThat(e.getMessage()).startsWith("Invalid field name"));
    assertThatThrownBy(
            () ->
                bigQuery.create(
                    TableInfo.of(
                        TableId.of("ds", "t"),
                        StandardTableDefinition.newBuilder()
                            .setSchema(Schema.of(Field.of("f", StandardSQLTypeName.FLOAT64)))
                            .setClustering(Clustering.newBuilder().setFields(List.of("f")).build())
                            .build())))
        .isInstanceOfSatisfying(
            BigQueryException.class, e -> assertThat(e.getMessage()).contains("Clustering"));
    assertThatThrownBy(
            () ->
                bigQuery.create(
                    TableInfo.of(
                        TableId.of("nope", "t"),
                        StandardTableDefinition.of(
                            Schema.of(Field.of("f", StandardSQLTypeName.STRING))))))
        .isInstanceOfSatisfying(
            BigQueryException.class, e -> assertThat(e.getCode()).isEqualTo(404));
  }

  @Test
  void aViewMadeThroughTheApiIsQueriedAndNotListed() throws Exception {
    bigQuery.create(
        TableInfo.of(
            TableId.of("ds", "t"),
            StandardTableDefinition.of(Schema.of(Field.of("n", StandardSQLTypeName.INT64)))));
    bigQuery.create(
        TableInfo.of(
            TableId.of("ds", "v"),
            ViewDefinition.newBuilder("SELECT n * 2 AS twice FROM ds.t")
                .setUseLegacySql(false)
                .build()));
    TableDefinition view = bigQuery.getTable(TableId.of("ds", "v")).getDefinition();
    assertThat(view).isInstanceOf(ViewDefinition.class);
    assertThatThrownBy(() -> bigQuery.listTableData(TableId.of("ds", "v")))
        .isInstanceOfSatisfying(
            BigQueryException.class,
            e -> assertThat(e.getMessage()).isEqualTo("Cannot list a table of type VIEW."));
    assertThatThrownBy(
            () ->
                bigQuery.create(
                    TableInfo.of(
                        TableId.of("ds", "legacy"),
                        ViewDefinition.newBuilder("SELECT 1").setUseLegacySql(true).build())))
        .isInstanceOfSatisfying(
            BigQueryException.class, e -> assertThat(e.getMessage()).contains("GoogleSQL"));
  }
}
