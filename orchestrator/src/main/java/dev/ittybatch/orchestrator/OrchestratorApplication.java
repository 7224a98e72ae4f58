package dev.ittybatch.orchestrator;

import dev.ittybatch.orchestrator.run.CommandLine;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

@SpringBootApplication
@ConfigurationPropertiesScan
public class OrchestratorApplication {

  /**
   * Each service reads {@code orchestrator.properties}, not {@code application.properties}: the
   * local run starts all three in one JVM, where same-named files on the classpath would shadow
   * each other.
   */
  public static final String CONFIG = "spring.config.name=orchestrator";

  public static void main(String[] args) {
    // A Cloud Run job reads the exit code: non-zero fails (and may retry) the task.
    System.exit(
        CommandLine.run(
            args,
            System.getenv(),
            System.out,
            System.err,
            () ->
                SpringApplication.exit(
                    new SpringApplicationBuilder(OrchestratorApplication.class)
                        .properties(CONFIG)
                        .web(WebApplicationType.NONE)
                        .run(args))));
  }
}
