package dev.ittybatch.local.ittybit;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/** Serves transcoded outputs at {@code /outputs/NAME}, as Ittybit's CDN serves a job's output. */
final class OutputFiles implements HttpHandler {

  private final Path folder;

  OutputFiles(Path folder) {
    this.folder = folder.toAbsolutePath().normalize();
  }

  @Override
  public void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      String name = exchange.getRequestURI().getPath().substring("/outputs/".length());
      Path file = folder.resolve(name).normalize();
      if (name.isEmpty() || !file.startsWith(folder) || !Files.isRegularFile(file)) {
        exchange.sendResponseHeaders(404, -1);
        return;
      }
      exchange
          .getResponseHeaders()
          .add(
              "Content-Type",
              Files.probeContentType(file) == null
                  ? "application/octet-stream"
                  : Files.probeContentType(file));
      exchange.sendResponseHeaders(200, Files.size(file));
      try (OutputStream out = exchange.getResponseBody()) {
        Files.copy(file, out);
      }
    }
  }
}
