package dev.ittybatch.local.bigquery;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.NoSuchFileException;
import java.util.List;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A load's files: read from Cloud Storage as the caller, the bucket's location held to the
 * dataset's, and their lines checked into rows. Per-row errors are worded as BigQuery words them
 * ("Error while reading data, error message: JSON parsing error in row starting at position N:
 * ...", google-cloud-python#3343; the exact wording may drift).
 */
final class LoadFiles {

  private final CloudStorageSource storage;
  private final JsonMapper json;

  LoadFiles(CloudStorageSource storage, JsonMapper json) {
    this.storage = storage;
    this.json = json;
  }

  byte[] read(String identity, String uri, String datasetLocation) {
    if (!uri.startsWith("gs://") || uri.indexOf('/', 5) < 0) {
      throw ApiError.invalid("Invalid source URI: " + uri + " (expected gs://bucket/object)");
    }
    String bucket = uri.substring(5, uri.indexOf('/', 5));
    String object = uri.substring(uri.indexOf('/', 5) + 1);
    if (object.contains("*")) {
      throw ApiError.invalid("Wildcard source URIs are not supported by the stand-in: " + uri);
    }
    if (object.matches(".*#\\d+$")) {
      // "If you include a generation number in the Cloud Storage URI, then the load job fails."
      throw ApiError.invalid("A generation number in a source URI is not supported: " + uri);
    }
    if (storage == null) {
      throw ApiError.notFound("URI " + uri);
    }
    String bucketLocation = storage.location(bucket);
    if (bucketLocation == null) {
      throw ApiError.notFound("URI " + uri);
    }
    if (!Locations.mayLoad(datasetLocation, bucketLocation)) {
      throw ApiError.invalid(
          "Cannot read and write in different locations: source: "
              + bucketLocation
              + ", destination: "
              + datasetLocation);
    }
    try {
      return storage.read(identity, bucket, object);
    } catch (NoSuchFileException e) {
      throw ApiError.notFound("URI " + uri);
    } catch (AccessDeniedException e) {
      throw new ApiError(
          Reason.ACCESS_DENIED, "Access Denied: File " + uri + ": Access Denied", uri);
    } catch (IOException e) {
      throw new ApiError(Reason.INTERNAL_ERROR, "Cannot read " + uri + ": " + e.getMessage());
    }
  }

  /** Rows of one file into {@code rows}, their problems into {@code problems}; the lines read. */
  long parse(
      byte[] content,
      String uri,
      RowChecker checker,
      List<Object[]> rows,
      List<ApiError> problems,
      long[] badRows) {
    long lines = 0;
    int start = 0;
    while (start < content.length) {
      int end = start;
      while (end < content.length && content[end] != '\n') {
        end++;
      }
      String line = new String(content, start, end - start, StandardCharsets.UTF_8).strip();
      int position = start;
      start = end + 1;
      if (line.isEmpty()) {
        continue;
      }
      lines++;
      String prefix =
          "Error while reading data, error message: JSON parsing error in row starting at position "
              + position
              + ": ";
      JsonNode row;
      try {
        row = json.readTree(line);
      } catch (JacksonException e) {
        problems.add(new ApiError(Reason.INVALID, prefix + e.getOriginalMessage(), uri));
        badRows[0]++;
        continue;
      }
      List<RowChecker.Problem> found = RowChecker.none();
      Object[] values = checker.check(row, found, field -> "No such field: " + field + ".");
      if (values == null) {
        found.forEach(p -> problems.add(new ApiError(Reason.INVALID, prefix + p.message(), uri)));
        badRows[0]++;
      } else {
        rows.add(values);
      }
    }
    return lines;
  }
}
