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

  /**
   * Request threads of each service here ({@code SERVER_THREADS}; deployed, 400 and 200). One JVM
   * on a few cores runs everything, and a thread for each of the queue's 200 concurrent dispatches
   * and each webhook made hundreds of threads runnable at once, each costing the others switches
   * and caches: five 5,000-entry runs at 200/s dispatched 180-191/s; with 48 threads for the
   * webhook-handler or for both, 187-193/s over eleven. Requests beyond them wait in the connector,
   * as on a busy instance.
   */
  static final int REQUEST_THREADS = 48;

  private final Path logFile;

  ServiceLauncher(Path logFile) {
    this.logFile = logFile;
  }

  /**
   * @param beans objects the service uses as they are, by bean name: servlet filters to install in
   *     front of it, or what it would otherwise make itself (its results store)
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
    properties.putIfAbsent("SERVER_THREADS", String.valueOf(REQUEST_THREADS));
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

  /**
   * Runs a job (the orchestrator) to its end, as Cloud Run runs a job's task; its exit code.
   *
   * @param beans objects the job uses in place of those it would make itself, by bean name
   */
  int runJob(
      Class<?> application,
      String config,
      Map<String, String> environment,
      Map<String, Object> beans,
      String... args) {
    Map<String, Object> properties = new HashMap<>(environment);
    properties.putAll(logging());
    ConfigurableApplicationContext run =
        new SpringApplicationBuilder(application)
            .properties(config)
            .properties(properties)
            .web(WebApplicationType.NONE)
            .logStartupInfo(false)
            .initializers(context -> beans.forEach(context.getBeanFactory()::registerSingleton))
            .run(args);
    return SpringApplication.exit(run);
  }
}
