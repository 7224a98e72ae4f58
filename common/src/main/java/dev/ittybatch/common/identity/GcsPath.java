package dev.ittybatch.common.identity;

import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * A {@code gs://bucket/object} location. Parsing enforces Cloud Storage's bucket naming rules so a
 * typo is caught while validating the manifest, not an hour later inside a task.
 */
public record GcsPath(String bucket, String object) {

  public static final String SCHEME = "gs://";

  private static final Pattern BUCKET_CHARS = Pattern.compile("[a-z0-9][a-z0-9._-]*[a-z0-9]");
  private static final Pattern IP_ADDRESS = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");

  public GcsPath {
    bucketProblem(bucket)
        .ifPresent(
            problem -> {
              throw new IllegalArgumentException(problem);
            });
    objectProblem(object)
        .ifPresent(
            problem -> {
              throw new IllegalArgumentException(problem);
            });
  }

  /**
   * Parses {@code gs://bucket/object}.
   *
   * @throws IllegalArgumentException with a message that says what is wrong
   */
  public static GcsPath parse(String uri) {
    if (uri == null || !uri.startsWith(SCHEME)) {
      throw new IllegalArgumentException("not a gs:// path: \"" + uri + "\"");
    }
    String rest = uri.substring(SCHEME.length());
    int slash = rest.indexOf('/');
    if (slash < 0 || slash == rest.length() - 1) {
      String bucket = slash < 0 ? rest : rest.substring(0, slash);
      throw new IllegalArgumentException(
          "gs:// path \"" + uri + "\" has no object name after bucket \"" + bucket + "\"");
    }
    return new GcsPath(rest.substring(0, slash), rest.substring(slash + 1));
  }

  /** Why {@code name} is not a valid bucket name, or empty when it is. */
  public static Optional<String> bucketProblem(String name) {
    if (name == null || name.isEmpty()) {
      return Optional.of("bucket name is empty");
    }
    String quoted = "bucket name \"" + name + "\"";
    if (name.length() < 3) {
      return Optional.of(quoted + " is shorter than 3 characters");
    }
    if (!BUCKET_CHARS.matcher(name).matches()) {
      return Optional.of(
          quoted
              + " may only hold lowercase letters, digits, '-', '_' and '.', and must start and"
              + " end with a letter or digit");
    }
    boolean dotted = name.indexOf('.') >= 0;
    if (!dotted && name.length() > 63) {
      return Optional.of(quoted + " is longer than 63 characters");
    }
    if (dotted) {
      if (name.length() > 222) {
        return Optional.of(quoted + " is longer than 222 characters");
      }
      for (String part : name.split("\\.", -1)) {
        if (part.isEmpty() || part.length() > 63) {
          return Optional.of(quoted + " has a dot-separated part that is empty or over 63 chars");
        }
      }
    }
    if (IP_ADDRESS.matcher(name).matches()) {
      return Optional.of(quoted + " looks like an IP address");
    }
    if (name.startsWith("goog") || name.contains("google") || name.contains("g00gle")) {
      return Optional.of(quoted + " may not start with \"goog\" or contain \"google\"");
    }
    return Optional.empty();
  }

  /** Why {@code name} is not a valid object name, or empty when it is. */
  public static Optional<String> objectProblem(String name) {
    if (name == null || name.isEmpty()) {
      return Optional.of("object name is empty");
    }
    if (name.getBytes(StandardCharsets.UTF_8).length > 1024) {
      return Optional.of("object name is longer than 1024 bytes");
    }
    if (name.indexOf('\r') >= 0 || name.indexOf('\n') >= 0) {
      return Optional.of("object name contains a line break");
    }
    if (name.equals(".") || name.equals("..")) {
      return Optional.of("object name may not be \".\" or \"..\"");
    }
    return Optional.empty();
  }

  @Override
  public String toString() {
    return SCHEME + bucket + "/" + object;
  }
}
