package dev.ittybatch.local;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * What is deployed carries no local-only store: DuckDB lives behind the BigQuery stand-in, in this
 * module only. Reads each service's executable jar as the image is built from it (the reactor
 * packages the services before this module's tests run).
 */
class ServiceJarsTest {

  @ParameterizedTest
  @ValueSource(strings = {"orchestrator", "task-handler", "webhook-handler"})
  void noServiceJarContainsDuckDb(String service) throws Exception {
    Path jar = Path.of("..", service, "target", service + "-0.1.0-SNAPSHOT-exec.jar");
    assertThat(jar)
        .as("package the services first (./mvnw package): %s", jar)
        .satisfies(path -> assertThat(Files.isRegularFile(path)).isTrue());
    try (ZipFile zip = new ZipFile(jar.toFile())) {
      List<String> entries = zip.stream().map(ZipEntry::getName).toList();
      assertThat(entries)
          .as("a Spring Boot jar with its libraries")
          .anyMatch(e -> e.endsWith(".jar"));
      assertThat(entries)
          .as("%s holds nothing of DuckDB", service)
          .noneMatch(name -> name.toLowerCase(Locale.ROOT).contains("duckdb"));
    }
  }
}
