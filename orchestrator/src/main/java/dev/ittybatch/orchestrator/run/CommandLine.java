package dev.ittybatch.orchestrator.run;

import dev.ittybatch.common.cli.Usage;
import dev.ittybatch.orchestrator.manifest.ManifestFiles;
import java.io.PrintStream;
import java.util.HashMap;
import java.util.Map;
import java.util.function.IntSupplier;
import org.springframework.boot.DefaultApplicationArguments;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.StandardEnvironment;

/**
 * What the orchestrator's jar decides before Spring starts: {@code --help} and usage errors need no
 * environment, and a dry run needs only the manifest, so none of them builds a client, a store or a
 * context that would ask for variables they do not use.
 */
public final class CommandLine {

  private CommandLine() {}

  /**
   * @param env the process's environment
   * @param run starts the orchestrator and answers its exit code
   * @return the exit code
   */
  public static int run(
      String[] args, Map<String, String> env, PrintStream out, PrintStream err, IntSupplier run) {
    if (Usage.wantsHelp(args)) {
      out.print(OrchestratorUsage.USAGE.render());
      return ExitCodes.OK;
    }
    RunOptions options;
    try {
      options = RunOptions.from(new DefaultApplicationArguments(args), environment(env));
    } catch (UsageException e) {
      err.println("orchestrator: " + e.getMessage());
      err.print(OrchestratorUsage.USAGE.render());
      return ExitCodes.USAGE;
    }
    if (options.dryRun()) {
      return DryRun.run(options, ManifestFiles.standalone(env), out, err);
    }
    try {
      return run.getAsInt();
    } catch (RuntimeException e) {
      // Said already: one line naming the variable, or Spring's report of a real fault.
      return ExitCodes.FAILED_TO_START;
    }
  }

  private static StandardEnvironment environment(Map<String, String> env) {
    // Only the given variables, so what a run reads is what its caller passed.
    StandardEnvironment environment = new StandardEnvironment();
    environment
        .getPropertySources()
        .remove(StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME);
    environment
        .getPropertySources()
        .addFirst(new MapPropertySource("env", new HashMap<String, Object>(env)));
    return environment;
  }
}
