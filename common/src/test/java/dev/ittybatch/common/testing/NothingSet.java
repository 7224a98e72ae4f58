package dev.ittybatch.common.testing;

import dev.ittybatch.common.cli.ServiceStart;
import dev.ittybatch.common.cli.Usage;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.core.env.StandardEnvironment;

/** A service started as on a machine where no variable is set: what its first line says. */
public final class NothingSet {

  private NothingSet() {}

  /**
   * Starts the application through {@link ServiceStart} with this process's environment left out.
   *
   * @param config the application's own properties file, as its main method names it
   * @return the exit code
   */
  public static int start(Usage usage, Class<?> application, String config) {
    StandardEnvironment nothingSet = new StandardEnvironment();
    nothingSet
        .getPropertySources()
        .remove(StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    return ServiceStart.start(
        usage,
        new String[0],
        new SpringApplicationBuilder(application)
            .environment(nothingSet)
            .properties(config, "server.port=0"),
        new PrintStream(out, true, StandardCharsets.UTF_8),
        System.err);
  }
}
