package dev.ittybatch.local.run;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Starts a service of the pipeline in this JVM as Cloud Run would start it: from its environment
 * variables, on a port of its own (loopback only), logging to the run's log file.
 */
final class ServiceLauncher {

  private final Path logFile;

  ServiceLauncher(Path logFile) {
    this.logFile = logFile;
  }

  /**
   * @param beans servlet filters to install in front of it, by bean name: they count what it is
   *     asked and what that costs, and change nothing
   */
  ConfigurableApplicationContext start(
      Class<?> application,
      String config,
      Map<String, String> environment,
      Map<String, Object> beans,
      int port) {
    Map<String, Object> properties = new HashMap<>(environment);
    properties.put("PORT", String.valueOf(port));
    properties.put("server.address", "127.0.0.1");
    properties.putAll(logging());
    SpringApplicationBuilder builder =
        new SpringApplicationBuilder(application)
            .properties(config)
            .properties(properties)
            .logStartupInfo(false);
    builder.initializers(context -> beans.forEach(context.getBeanFactory()::registerSingleton));
    ConfigurableApplicationContext context = builder.run();
    return context;
  }

  /** Everything goes to the run's log file; the console shows only errors and run-local's lines. */
  private Map<String, Object> logging() {
    return Map.of(
        "LOG_FORMAT", "",
        "spring.main.banner-mode", "off",
        "logging.file.name", logFile.toString(),
        "logging.threshold.console", "ERROR",
        "logging.level.root", "INFO");
  }

  static int port(ConfigurableApplicationContext context) {
    return ((WebServerApplicationContext) context).getWebServer().getPort();
  }

  /** Runs a job (the orchestrator) to its end, as Cloud Run runs a job's task; its exit code. */
  int runJob(Class<?> application, String config, Map<String, String> environment, String... args) {
    return runJob(application, config, environment, Map.of(), args);
  }

  /**
   * @param beans singletons to put in its context before it starts, by bean name
   */
  int runJob(
      Class<?> application,
      String config,
      Map<String, String> environment,
      Map<String, Object> beans,
      String... args) {
    Map<String, Object> properties = new HashMap<>(environment);
    properties.putAll(logging());
    SpringApplicationBuilder builder =
        new SpringApplicationBuilder(application)
            .properties(config)
            .properties(properties)
            .web(WebApplicationType.NONE)
            .logStartupInfo(false);
    builder.initializers(context -> beans.forEach(context.getBeanFactory()::registerSingleton));
    return SpringApplication.exit(builder.run(args));
  }
}
