package dev.ittybatch.taskhandler;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

@SpringBootApplication
@ConfigurationPropertiesScan
public class TaskHandlerApplication {

  public static void main(String[] args) {
    SpringApplication.run(TaskHandlerApplication.class, args);
  }
}
