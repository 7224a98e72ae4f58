package dev.ittybatch.local.bigquery;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A script read before it runs: its statements, each query translated, and the datasets it names,
 * from which a job without a location takes the location of its data, as BigQuery does.
 */
record Plan(List<Step> steps) {

  /** A statement and, for a query or DML, its translation. */
  record Step(Parsed statement, Translator.Translation translation) {}

  static Plan of(
      String sql,
      String project,
      String defaultDataset,
      Map<TableRef, ViewAccelerator> accelerators) {
    List<Token> tokens = Lexer.tokens(sql);
    Naming naming = new Naming(project, defaultDataset, accelerators);
    List<Step> steps = new ArrayList<>();
    for (List<Token> statementTokens : Parser.split(tokens)) {
      Parsed statement = Parser.parse(sql, statementTokens, naming, project);
      Translator.Translation translation =
          statement instanceof Parsed.Query query
              ? Translator.translate(sql, query.tokens(), naming)
              : null;
      steps.add(new Step(statement, translation));
    }
    if (steps.isEmpty()) {
      throw ApiError.invalidQuery("Syntax error: Unexpected end of script at [1:1]");
    }
    return new Plan(List.copyOf(steps));
  }

  /** {@code statistics.query.statementType}: SCRIPT for more than one statement. */
  String statementType() {
    return steps.size() == 1 ? steps.get(0).statement().type() : "SCRIPT";
  }

  /** The first dataset the script names that exists, whose location the job takes. */
  String dataLocation(Catalog catalog) {
    for (Step step : steps) {
      List<TableRef> named = new ArrayList<>();
      if (step.translation() != null) {
        named.addAll(step.translation().reads());
      }
      Parsed statement = step.statement();
      if (statement instanceof Parsed.CreateSchema schema) {
        String location = schema.options().get("location");
        if (location != null && !location.isEmpty()) {
          return location;
        }
      } else if (statement instanceof Parsed.CreateTable create) {
        named.add(create.table());
      } else if (statement instanceof Parsed.CreateView view) {
        named.add(view.view());
      } else if (statement instanceof Parsed.AlterTable alter) {
        named.add(alter.table());
      } else if (statement instanceof Parsed.Drop drop) {
        named.add(drop.target());
      } else if (statement instanceof Parsed.Grant grant) {
        named.add(grant.target());
      }
      for (TableRef table : named) {
        Catalog.Dataset dataset = catalog.dataset(table.project(), table.dataset());
        if (dataset != null) {
          return dataset.location();
        }
      }
    }
    return null;
  }
}
