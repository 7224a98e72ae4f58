package dev.ittybatch.common.manifest;

import java.io.BufferedInputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.function.Consumer;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;
import tools.jackson.core.JacksonException;
import tools.jackson.core.StreamReadFeature;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Streams a JSONL manifest one line at a time, in constant memory whatever its size. Gzip is
 * detected by its magic bytes (so a {@code .gz} name is not required, nor trusted), a UTF-8 BOM and
 * CRLF line ends are accepted, blank lines are skipped but still counted.
 *
 * <p>Each non-blank line becomes a {@link ManifestRecord}; whatever bytes it is given, the reader
 * throws nothing but {@link ManifestException}, and only when the stream itself cannot be read on.
 */
public final class ManifestReader implements Iterator<ManifestRecord>, Closeable {

  /** Longest line accepted: an entry is a path, a kind and a few options. */
  public static final int MAX_LINE_BYTES = 64 * 1024;

  // Exact decimals keep "1920.0" and "1920" apart from doubles' rounding; duplicate keys make an
  // entry ambiguous ("path" twice), so they are an error rather than last-one-wins.
  static final JsonMapper MAPPER =
      JsonMapper.builder()
          .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
          .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
          .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
          .build();

  private final String source;
  private final InputStream stream;
  private final LineSplitter lines;
  private final EntryValidator validator = new EntryValidator();
  private long lineNumber;
  private ManifestRecord pending;

  private ManifestReader(String source, InputStream stream) {
    this.source = source;
    this.stream = stream;
    this.lines = new LineSplitter(stream, MAX_LINE_BYTES);
  }

  /**
   * Opens a manifest. {@code source} names it in every message ({@code gs://b/m.jsonl}, a file
   * name). The reader owns {@code in} and closes it.
   */
  public static ManifestReader open(InputStream in, String source) {
    try {
      BufferedInputStream buffered = new BufferedInputStream(in, 64 * 1024);
      buffered.mark(2);
      int b1 = buffered.read();
      int b2 = buffered.read();
      buffered.reset();
      InputStream body = buffered;
      if (b1 == 0x1f && b2 == 0x8b) {
        body = new BufferedInputStream(new GZIPInputStream(buffered, 64 * 1024), 64 * 1024);
      }
      return new ManifestReader(source, body);
    } catch (IOException | RuntimeException e) {
      closeQuietly(in);
      throw new ManifestException(source, 0, "cannot read manifest: " + describe(e), e);
    }
  }

  public String source() {
    return source;
  }

  /** The number of the last line read, blank ones included. */
  public long lineNumber() {
    return lineNumber;
  }

  @Override
  public boolean hasNext() {
    if (pending == null) {
      pending = readNext();
    }
    return pending != null;
  }

  @Override
  public ManifestRecord next() {
    if (!hasNext()) {
      throw new NoSuchElementException();
    }
    ManifestRecord record = pending;
    pending = null;
    return record;
  }

  /** Hands every record to {@code consumer}, then closes the manifest. */
  public void forEach(Consumer<? super ManifestRecord> consumer) {
    try (this) {
      forEachRemaining(consumer);
    }
  }

  @Override
  public void close() {
    closeQuietly(stream);
  }

  private ManifestRecord readNext() {
    while (true) {
      try {
        if (!lines.next()) {
          return null;
        }
      } catch (ZipException e) {
        throw new ManifestException(source, lineNumber + 1, "corrupt gzip data: " + describe(e), e);
      } catch (IOException | UncheckedIOException e) {
        throw new ManifestException(source, lineNumber + 1, "read failed: " + describe(e), e);
      } catch (RuntimeException e) {
        // GZIPInputStream reports some corruptions with unchecked exceptions.
        throw new ManifestException(source, lineNumber + 1, "read failed: " + describe(e), e);
      }
      lineNumber++;
      if (lines.tooLong()) {
        return new ManifestRecord.Invalid(
            lineNumber,
            "line is "
                + lines.fullLength()
                + " bytes, over the limit of "
                + MAX_LINE_BYTES
                + " (is this a JSONL file, one entry per line?)");
      }
      if (lines.isBlank()) {
        continue;
      }
      return parse();
    }
  }

  private ManifestRecord parse() {
    JsonNode node;
    try {
      node = MAPPER.readTree(lines.bytes(), 0, lines.length());
    } catch (JacksonException e) {
      return new ManifestRecord.Invalid(lineNumber, "invalid JSON: " + jsonProblem(e));
    } catch (RuntimeException e) {
      return new ManifestRecord.Invalid(lineNumber, "invalid JSON: " + describe(e));
    }
    return validator.validate(node, lineNumber);
  }

  private static String jsonProblem(JacksonException e) {
    String message = e.getOriginalMessage();
    if (message == null) {
      message = e.getClass().getSimpleName();
    }
    // Jackson quotes the offending text and describes its (redacted) source; keep one short line.
    message =
        message
            .replaceAll("\\s*\\(start marker at \\[.*?\\]\\)", "")
            .replaceAll("\\s+", " ")
            .trim();
    if (message.length() > 200) {
      message = message.substring(0, 200) + "...";
    }
    if (e.getLocation() != null && e.getLocation().getColumnNr() > 0) {
      message += " (column " + e.getLocation().getColumnNr() + ")";
    }
    return message;
  }

  private static String describe(Throwable e) {
    return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
  }

  private static void closeQuietly(InputStream in) {
    try {
      in.close();
    } catch (IOException | RuntimeException ignored) {
      // Nothing more can be read either way; the first problem is the one worth reporting.
    }
  }
}
