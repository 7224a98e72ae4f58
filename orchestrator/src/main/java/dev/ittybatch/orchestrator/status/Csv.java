package dev.ittybatch.orchestrator.status;

import java.io.IOException;
import java.io.Writer;
import java.util.List;

/** RFC 4180 CSV: a field with a comma, quote or line break is quoted, quotes doubled. */
final class Csv {

  private final Writer out;

  Csv(Writer out) {
    this.out = out;
  }

  void row(List<?> fields) throws IOException {
    for (int i = 0; i < fields.size(); i++) {
      if (i > 0) {
        out.write(',');
      }
      out.write(field(fields.get(i)));
    }
    out.write("\r\n");
  }

  static String field(Object value) {
    if (value == null) {
      return "";
    }
    String text = String.valueOf(value);
    boolean quote =
        text.indexOf(',') >= 0
            || text.indexOf('"') >= 0
            || text.indexOf('\n') >= 0
            || text.indexOf('\r') >= 0;
    return quote ? '"' + text.replace("\"", "\"\"") + '"' : text;
  }
}
