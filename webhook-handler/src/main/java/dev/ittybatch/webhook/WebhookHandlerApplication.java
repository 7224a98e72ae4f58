package dev.ittybatch.webhook;

import dev.ittybatch.common.cli.ServiceStart;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

@SpringBootApplication
@ConfigurationPropertiesScan
public class WebhookHandlerApplication {

  /**
   * Each service reads {@code webhook-handler.properties}, not {@code application.properties}: the
   * local run starts all three in one JVM, where same-named files on the classpath would shadow
   * each other.
   */
  public static final String CONFIG = "spring.config.name=webhook-handler";

  public static void main(String[] args) {
    ServiceStart.main(
        WebhookHandlerUsage.USAGE,
        args,
        new SpringApplicationBuilder(WebhookHandlerApplication.class).properties(CONFIG));
  }
}
