package dev.ittybatch.webhook;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

@SpringBootApplication
@ConfigurationPropertiesScan
public class WebhookHandlerApplication {

  public static void main(String[] args) {
    SpringApplication.run(WebhookHandlerApplication.class, args);
  }
}
