package dev.ittybatch.orchestrator.manifest;

import dev.ittybatch.common.manifest.ManifestRecord;
import java.io.BufferedWriter;
import java.io.Closeable;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import tools.jackson.databind.json.JsonMapper;

/**
 * Where skipped invalid lines go so none is lost: each is printed to stderr as {@code source:line:
 * reason} and, when a location is given, written there as one JSON object per line.
 */
public final class RejectsReport implements Closeable {

  private final String source;
  private final PrintStream err;
  private final BufferedWriter jsonl;
  private final JsonMapper json;
  private long count;

  public RejectsReport(String source, PrintStream err, OutputStream jsonl, JsonMapper json) {
    this.source = source;
    this.err = err;
    this.jsonl =
        jsonl == null
            ? null
            : new BufferedWriter(new OutputStreamWriter(jsonl, StandardCharsets.UTF_8));
    this.json = json;
  }

  public void add(ManifestRecord.Invalid invalid) {
    count++;
    err.println(invalid.describe(source));
    if (jsonl != null) {
      Map<String, Object> row = new LinkedHashMap<>();
      row.put("source", source);
      row.put("line", invalid.line());
      row.put("reason", invalid.reason());
      try {
        jsonl.write(json.writeValueAsString(row));
        jsonl.write('\n');
      } catch (IOException e) {
        throw new UncheckedIOException("cannot write the rejects report: " + e.getMessage(), e);
      }
    }
  }

  public long count() {
    return count;
  }

  @Override
  public void close() throws IOException {
    if (jsonl != null) {
      jsonl.close();
    }
  }
}
