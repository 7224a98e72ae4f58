package dev.ittybatch.orchestrator.run;

import dev.ittybatch.orchestrator.enqueue.EnqueueOptions;
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

  @Bean
  EnqueueOptions enqueueOptions(RunOptions options) {
    return new EnqueueOptions(
        options.batchId(),
        options.runId(),
        options.shard(),
        options.concurrency(),
        options.skipInvalid(),
        options.rejects());
  }
}
