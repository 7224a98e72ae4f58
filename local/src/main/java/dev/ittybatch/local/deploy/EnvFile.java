package dev.ittybatch.local.deploy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The settings of a deploy env file ({@code deploy/ittybatch.env.example}): {@code NAME=value}
 * lines, values bare or in quotes, as the script sources them. Anything else is refused with its
 * line, so a file bash would read differently is never read silently.
 */
public final class EnvFile {

  private static final Pattern SETTING =
      Pattern.compile("([A-Z_][A-Z0-9_]*)=(\"([^\"$`\\\\]*)\"|'([^']*)'|([^\\s\"'$`\\\\#]*))\\s*");

  private EnvFile() {}

  public static Map<String, String> read(Path file) {
    try {
      return parse(file.getFileName().toString(), Files.readAllLines(file));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static Map<String, String> parse(String name, List<String> lines) {
    Map<String, String> settings = new LinkedHashMap<>();
    for (int n = 0; n < lines.size(); n++) {
      String line = lines.get(n).strip();
      if (line.isEmpty() || line.startsWith("#")) {
        continue;
      }
      Matcher m = SETTING.matcher(line);
      if (!m.matches()) {
        throw new IllegalArgumentException(
            name + ":" + (n + 1) + ": not NAME=value (or a value bash would expand): " + line);
      }
      String value = m.group(3) != null ? m.group(3) : m.group(4) != null ? m.group(4) : m.group(5);
      settings.put(m.group(1), value);
    }
    return settings;
  }
}
