package dev.ittybatch.local.iam;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The tables under {@code deploy/iam/}: tab-separated, a header row naming the columns, {@code #}
 * comment lines. A row with the wrong number of fields is refused with its line.
 */
final class Tsv {

  record Row(String where, List<String> fields) {
    String get(int column) {
      return fields.get(column);
    }
  }

  private Tsv() {}

  static List<Row> read(Path file, List<String> header) {
    List<String> lines;
    try {
      lines = Files.readAllLines(file);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    String name = file.getFileName().toString();
    List<Row> rows = new ArrayList<>();
    boolean headerSeen = false;
    for (int n = 0; n < lines.size(); n++) {
      String line = lines.get(n);
      if (line.isBlank() || line.startsWith("#")) {
        continue;
      }
      List<String> fields = List.of(line.split("\t", -1));
      String where = name + ":" + (n + 1);
      if (!headerSeen) {
        if (!fields.equals(header)) {
          throw new IllegalArgumentException(where + ": the header must be " + header);
        }
        headerSeen = true;
        continue;
      }
      if (fields.size() != header.size()) {
        throw new IllegalArgumentException(
            where
                + ": "
                + header.size()
                + " tab-separated fields expected, found "
                + fields.size());
      }
      if (fields.stream().anyMatch(String::isBlank)) {
        throw new IllegalArgumentException(where + ": an empty field (write - for none)");
      }
      rows.add(new Row(where, fields));
    }
    return rows;
  }
}
