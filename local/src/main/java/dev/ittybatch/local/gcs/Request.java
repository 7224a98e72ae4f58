package dev.ittybatch.local.gcs;

import com.sun.net.httpserver.HttpExchange;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.zip.GZIPInputStream;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/** One JSON API request: its query, its (possibly gzipped) body, and its answer. */
final class Request {

  final HttpExchange http;
  final Map<String, String> query = new HashMap<>();

  Request(HttpExchange http) {
    this.http = http;
    String raw = http.getRequestURI().getRawQuery();
    if (raw != null) {
      for (String pair : raw.split("&")) {
        int equals = pair.indexOf('=');
        query.put(
            URLDecoder.decode(
                equals < 0 ? pair : pair.substring(0, equals), StandardCharsets.UTF_8),
            equals < 0
                ? ""
                : URLDecoder.decode(pair.substring(equals + 1), StandardCharsets.UTF_8));
      }
    }
  }

  String header(String name) {
    return http.getRequestHeaders().getFirst(name);
  }

  /**
   * The body, un-gzipped: the client compresses multipart uploads by default (HttpStorageRpc.create
   * only turns it off on request; fake-gcs-server#142, #84 did not decode it).
   */
  byte[] body() throws IOException {
    InputStream in = http.getRequestBody();
    if ("gzip".equalsIgnoreCase(header("Content-Encoding"))) {
      in = new GZIPInputStream(in);
    }
    return in.readAllBytes();
  }

  void json(int status, ObjectNode body, JsonMapper json) throws IOException {
    send(status, "application/json; charset=UTF-8", json.writeValueAsBytes(body));
  }

  void fail(GcsError error, JsonMapper json) throws IOException {
    send(error.status, "application/json; charset=UTF-8", error.body(json));
  }

  void send(int status, String contentType, byte[] body) throws IOException {
    if (contentType != null) {
      http.getResponseHeaders().set("Content-Type", contentType);
    }
    if (http.getRequestMethod().equals("HEAD")) {
      http.sendResponseHeaders(status, -1);
      return;
    }
    http.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
    if (body.length > 0) {
      try (OutputStream out = http.getResponseBody()) {
        out.write(body);
      }
    }
  }

  /** Percent-decoding of a path segment, exactly once: unlike a query, '+' is a plus. */
  static String decode(String raw) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    for (int i = 0; i < raw.length(); i++) {
      char c = raw.charAt(i);
      if (c == '%') {
        if (i + 2 >= raw.length()
            || Character.digit(raw.charAt(i + 1), 16) < 0
            || Character.digit(raw.charAt(i + 2), 16) < 0) {
          throw GcsError.invalid("Malformed percent-encoding in the path: " + raw);
        }
        bytes.write(Integer.parseInt(raw.substring(i + 1, i + 3), 16));
        i += 2;
      } else {
        bytes.writeBytes(String.valueOf(c).getBytes(StandardCharsets.UTF_8));
      }
    }
    return bytes.toString(StandardCharsets.UTF_8);
  }

  /**
   * An object name as a path segment, as the client escapes it: only {@code A-Za-z0-9-_.*} stay
   * literal (HTTP/util/escape/PercentEscaper.java SAFECHARS_URLENCODER).
   */
  static String encode(String name) {
    StringBuilder out = new StringBuilder();
    for (byte b : name.getBytes(StandardCharsets.UTF_8)) {
      char c = (char) (b & 0xff);
      if ((c >= 'A' && c <= 'Z')
          || (c >= 'a' && c <= 'z')
          || (c >= '0' && c <= '9')
          || "-_.*".indexOf(c) >= 0) {
        out.append(c);
      } else {
        out.append('%').append(String.format("%02X", b & 0xff));
      }
    }
    return out.toString();
  }
}
