package dev.ittybatch.orchestrator;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

@SpringBootApplication
@ConfigurationPropertiesScan
public class OrchestratorApplication {

  public static void main(String[] args) {
    // A Cloud Run job reads the exit code: non-zero fails (and may retry) the task.
    System.exit(SpringApplication.exit(SpringApplication.run(OrchestratorApplication.class, args)));
  }
}
