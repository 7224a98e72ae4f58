package dev.ittybatch.common.cli;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import org.springframework.boot.SpringBootExceptionReporter;
import org.springframework.boot.context.properties.bind.validation.BindValidationException;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.validation.ObjectError;

/**
 * A service that cannot start because a variable is missing or wrong says so in one line per
 * variable, naming it and what to set it to, instead of Spring's failure analysis and its trace.
 * Registered before Spring's own reporter; anything else (a real fault) is left to that one.
 *
 * <p>It knows two shapes: a configuration record's validation messages (each names its variable)
 * and a start-up check that throws with a message starting {@code set VARIABLE}.
 */
public final class StartupFailureReporter implements SpringBootExceptionReporter {

  private static final Pattern NAMES_A_VARIABLE = Pattern.compile("set [A-Z][A-Z0-9_]+\\b.*");

  private final String name;
  private final PrintStream err;

  public StartupFailureReporter(ConfigurableApplicationContext context) {
    this(
        context == null
            ? "ittybatch"
            : context.getEnvironment().getProperty("spring.application.name", "ittybatch"),
        System.err);
  }

  StartupFailureReporter(String name, PrintStream err) {
    this.name = name;
    this.err = err;
  }

  @Override
  public boolean reportException(Throwable failure) {
    List<String> lines = lines(failure);
    lines.forEach(line -> err.println(name + ": " + line));
    return !lines.isEmpty();
  }

  /** What to say, one line a variable; empty when the failure is not about configuration. */
  static List<String> lines(Throwable failure) {
    List<String> lines = new ArrayList<>();
    Throwable root = failure;
    for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
      if (cause instanceof BindValidationException invalid) {
        for (ObjectError error : invalid.getValidationErrors().getAllErrors()) {
          if (error.getDefaultMessage() != null && !lines.contains(error.getDefaultMessage())) {
            lines.add(error.getDefaultMessage());
          }
        }
        return lines;
      }
      root = cause;
    }
    if (root instanceof IllegalStateException
        && root.getMessage() != null
        && NAMES_A_VARIABLE.matcher(root.getMessage()).matches()) {
      lines.add(root.getMessage());
    }
    return lines;
  }
}
