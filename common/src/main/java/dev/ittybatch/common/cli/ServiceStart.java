package dev.ittybatch.common.cli;

import java.io.PrintStream;
import org.springframework.boot.builder.SpringApplicationBuilder;

/**
 * How a service starts from its jar: {@code --help} answered before anything starts (so it needs no
 * environment), any other argument refused as a usage error, and a start-up that fails ends the
 * process (its reason said by {@link StartupFailureReporter}).
 */
public final class ServiceStart {

  /** The command line is wrong: one line naming the problem, then the usage. */
  public static final int USAGE_ERROR = 2;

  /** The service could not start: a variable is missing or wrong, or a real fault. */
  public static final int FAILED_TO_START = 1;

  private ServiceStart() {}

  /** Starts the service, or exits with the code of {@link #start}. */
  public static void main(Usage usage, String[] args, SpringApplicationBuilder application) {
    int exit = start(usage, args, application, System.out, System.err);
    if (exit >= 0) {
      System.exit(exit);
    }
  }

  /**
   * @return -1 when the service started and runs on; else the code to exit with
   */
  public static int start(
      Usage usage,
      String[] args,
      SpringApplicationBuilder application,
      PrintStream out,
      PrintStream err) {
    if (Usage.wantsHelp(args)) {
      out.print(usage.render());
      return 0;
    }
    if (args.length > 0) {
      err.println(
          usage.command()
              + ": unexpected argument "
              + args[0]
              + ": the service is configured by the environment variables below");
      err.print(usage.render());
      return USAGE_ERROR;
    }
    try {
      application.run(args);
      return -1;
    } catch (RuntimeException e) {
      return FAILED_TO_START;
    }
  }
}
