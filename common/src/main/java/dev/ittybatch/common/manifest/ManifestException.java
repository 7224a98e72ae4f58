package dev.ittybatch.common.manifest;

/**
 * The manifest cannot be read any further (it is not gzip after all, the stream broke). Problems
 * with single lines are not thrown: they come back as {@link ManifestRecord.Invalid} so a whole
 * manifest can be validated in one pass.
 */
public class ManifestException extends RuntimeException {

  private final String source;
  private final long line;

  public ManifestException(String source, long line, String reason, Throwable cause) {
    super(source + (line > 0 ? ":" + line : "") + ": " + reason, cause);
    this.source = source;
    this.line = line;
  }

  public String source() {
    return source;
  }

  /** The 1-based line being read when it failed, or 0 before the first line. */
  public long line() {
    return line;
  }
}
