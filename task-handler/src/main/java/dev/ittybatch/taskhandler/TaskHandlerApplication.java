package dev.ittybatch.taskhandler;

import dev.ittybatch.common.cli.ServiceStart;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

@SpringBootApplication
@ConfigurationPropertiesScan
public class TaskHandlerApplication {

  /**
   * Each service reads {@code task-handler.properties}, not {@code application.properties}: the
   * local run starts all three in one JVM, where same-named files on the classpath would shadow
   * each other.
   */
  public static final String CONFIG = "spring.config.name=task-handler";

  public static void main(String[] args) {
    ServiceStart.main(
        TaskHandlerUsage.USAGE,
        args,
        new SpringApplicationBuilder(TaskHandlerApplication.class).properties(CONFIG));
  }
}
