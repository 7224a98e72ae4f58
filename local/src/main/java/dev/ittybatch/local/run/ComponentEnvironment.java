package dev.ittybatch.local.run;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A component's environment from {@code deploy/env/COMPONENT.env}, the file {@code deploy.sh}
 * deploys it with, given this run's values: each {@code ${SETTING}} from the run's settings, each
 * {@code secret:NAME} from its secrets ({@code secret?:NAME} only when the run has that secret). A
 * setting or secret the run does not have stops the run, naming it, as the deploy would stop.
 */
final class ComponentEnvironment {

  private static final Pattern SETTING = Pattern.compile("\\$\\{([A-Za-z_][A-Za-z0-9_]*)}");

  private ComponentEnvironment() {}

  static Map<String, String> of(
      String component, Map<String, String> settings, Map<String, String> secrets) {
    String file = "deploy-env/" + component + ".env";
    Map<String, String> environment = new LinkedHashMap<>();
    int number = 0;
    for (String line : read(file).split("\n", -1)) {
      number++;
      if (line.isBlank() || line.startsWith("#")) {
        continue;
      }
      int equals = line.indexOf('=');
      if (equals < 1) {
        throw new IllegalStateException(file + ":" + number + ": not NAME=VALUE: " + line);
      }
      String name = line.substring(0, equals);
      String value = line.substring(equals + 1);
      if (value.startsWith("secret:") || value.startsWith("secret?:")) {
        String secret = value.substring(value.indexOf(':') + 1);
        if (secrets.containsKey(secret)) {
          environment.put(name, secrets.get(secret));
        } else if (value.startsWith("secret:")) {
          throw new IllegalStateException(
              file + ":" + number + ": " + name + " needs the secret " + secret + ", not made");
        }
        continue;
      }
      Matcher setting = SETTING.matcher(value);
      StringBuilder resolved = new StringBuilder();
      while (setting.find()) {
        String given = settings.get(setting.group(1));
        if (given == null || given.isEmpty()) {
          throw new IllegalStateException(
              file + ":" + number + ": " + name + " needs " + setting.group(1) + ", not set");
        }
        setting.appendReplacement(resolved, Matcher.quoteReplacement(given));
      }
      setting.appendTail(resolved);
      environment.put(name, resolved.toString());
    }
    return environment;
  }

  private static String read(String resource) {
    try (InputStream in =
        ComponentEnvironment.class.getClassLoader().getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalStateException(resource + " is not on the classpath");
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(resource + ": " + e.getMessage(), e);
    }
  }
}
