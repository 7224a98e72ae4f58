package dev.ittybatch.local.run;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Query results as an aligned text table. */
final class Tables {

  private Tables() {}

  static void print(List<Map<String, Object>> rows, PrintStream out) {
    if (rows == null || rows.isEmpty()) {
      out.println("  (no rows)");
      return;
    }
    List<String> columns = new ArrayList<>(rows.get(0).keySet());
    int[] widths = new int[columns.size()];
    for (int c = 0; c < columns.size(); c++) {
      widths[c] = columns.get(c).length();
      for (Map<String, Object> row : rows) {
        widths[c] = Math.max(widths[c], cell(row.get(columns.get(c))).length());
      }
    }
    StringBuilder header = new StringBuilder("  ");
    for (int c = 0; c < columns.size(); c++) {
      header.append(String.format("%-" + widths[c] + "s  ", columns.get(c)));
    }
    out.println(header.toString().stripTrailing());
    for (Map<String, Object> row : rows) {
      StringBuilder line = new StringBuilder("  ");
      for (int c = 0; c < columns.size(); c++) {
        line.append(String.format("%-" + widths[c] + "s  ", cell(row.get(columns.get(c)))));
      }
      out.println(line.toString().stripTrailing());
    }
  }

  private static String cell(Object value) {
    String text = value == null ? "" : value.toString();
    return text.length() > 60 ? text.substring(0, 57) + "..." : text;
  }
}
