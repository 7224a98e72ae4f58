package dev.ittybatch.orchestrator.run;

import org.springframework.boot.ApplicationArguments;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

@Configuration(proxyBeanMethods = false)
class RunConfiguration {

  @Bean
  RunOptions runOptions(ApplicationArguments args, Environment env) {
    return RunOptions.from(args, env);
  }
}
