package dev.ittybatch.orchestrator.enqueue;

import dev.ittybatch.orchestrator.run.RunOptions;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** What an enqueue run takes from the parsed command line, kept inside this package. */
@Configuration(proxyBeanMethods = false)
class EnqueueConfiguration {

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
